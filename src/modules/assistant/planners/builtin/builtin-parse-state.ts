import type {
  ClarifyOption,
  Directory,
  Intent,
  ParseContext,
  PendingClarification,
} from './builtin-types';

// The parser's shared state, its control-flow errors and the handler shape (split from builtin-parser.ts).

export const OPEN_STATUSES = ['TODO', 'IN_PROGRESS', 'BLOCKED'] as const;

/** Thrown inside the grammar when a slot cannot be filled; becomes a clarify intent. */
export class Clarification extends Error {
  constructor(
    readonly question: string,
    readonly slot: PendingClarification['slot'] | null,
    readonly mention?: string,
    readonly options?: ClarifyOption[],
  ) {
    super(question);
  }
}

/** Thrown when the request is recognised but not something the tools can do. */
export class Unsupported extends Error {}

export interface State {
  ctx: ParseContext;
  /** The cleaned request. */
  text: string;
  /** The request as first asked (kept in pending clarifications). */
  original: string;
  chosen: Record<string, string>;
  titleOverride?: string;
  /** The tool the current handler is heading for (for refusals and questions). */
  tool?: string;
}

export type Member = Directory['members'][number];

// ---------------------------------------------------------------------------
// handlers: each returns an intent, or null when the request is not its kind

export type Handler = (s: State) => Intent | null;

export const tool = (
  s: State,
  name: string,
  input: Record<string, unknown>,
  then?: 'get_call_score',
): Intent => ({ kind: 'tool', name, input, ...(then ? { then } : {}) });
