import type { ConversationMemory } from '../../assistant-types';

/** The organization's names the parser resolves against (loaded per turn, own organization only). */
export interface Directory {
  members: { id: string; name: string; email: string; teamIds?: string[] }[];
  teams: { id: string; name: string }[];
  vehicles: { id: string; name: string }[];
  campaigns: { id: string; name: string }[];
  /** Open tasks. */
  tasks: { id: string; title: string; status: string }[];
  /** Upcoming occurrences (a series appears once per occurrence, with the series' id). */
  events: { id: string; title: string; startsAt: string | Date; endsAt: string | Date }[];
  /** Unacknowledged fleet alerts; absent when the caller cannot read the fleet. */
  alerts?: { id: string; vehicleId: string | null; kind: string }[];
}

/** One possible answer to a clarifying question. */
export interface ClarifyOption {
  id: string;
  label: string;
  /** Extra words the answer may use ("the one in dispatch"): team names, kind. */
  hints?: string[];
}

/**
 * What the parser keeps between turns while a question is open. The next
 * turn's answer either picks an option (then the original request is parsed
 * again with that choice) or supplies the missing words.
 */
export interface PendingClarification {
  /** The request that needed the question (user text only, never data). */
  text: string;
  slot: 'person' | 'task' | 'event' | 'alert' | 'campaign' | 'vehicle' | 'title' | 'time' | 'body';
  /** The words the question was about ("marcus", "the brake task"). */
  mention?: string;
  options?: ClarifyOption[];
  /** Choices already made for this request (mention key → id), kept across several questions. */
  chosen?: Record<string, string>;
}

/** The built-in planner's own part of the conversation memory. */
export interface BuiltinState {
  pending?: PendingClarification;
  /** Which kind of thing "it" means: the one touched last. */
  lastKind?: 'task' | 'event' | 'vehicle' | 'call';
}

export type ParserMemory = Pick<
  ConversationMemory,
  'lastTaskId' | 'lastEventId' | 'lastVehicleId' | 'lastCallId'
> & { builtin?: BuiltinState };

export interface ParseContext {
  now: Date;
  timeZone: string;
  /** The caller; null for an API key ("me" then cannot be resolved). */
  callerId: string | null;
  directory: Directory;
  memory: ParserMemory;
  /** Tools the caller's role has; a request for another one is refused. All when absent. */
  allowedTools?: readonly string[];
}

export type Intent =
  | {
      kind: 'tool';
      name: string;
      input: Record<string, unknown>;
      /** A second tool run on the first one's result ("score of the last call"). */
      then?: 'get_call_score';
    }
  | {
      kind: 'clarify';
      question: string;
      /** Null when there is nothing to complete (the answer is a fresh request). */
      pending: PendingClarification | null;
      /** The tool the request was heading for. */
      tool?: string;
    }
  | {
      kind: 'unknown';
      /** What was not understood, or (unsupported) why it cannot be done. */
      text: string;
      /** forbidden: the role lacks the tool; cancelled: "never mind" to a question. */
      reason?: 'forbidden' | 'unsupported' | 'cancelled';
      tool?: string;
    };
