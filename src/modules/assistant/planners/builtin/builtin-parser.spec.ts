import { isDeepStrictEqual } from 'node:util';
import type { ConversationMemory } from '../../assistant-types';
import { rememberOutcome, rememberPending } from './builtin-memory';
import { parseRequest } from './builtin-parser';
import {
  DIRECTORY,
  IDS,
  LABELLED_REQUESTS,
  type Expected,
  type LabelledRequest,
  READ_ONLY_TOOLS,
} from './builtin-requests.fixture';
import type { Intent, ParseContext } from './builtin-types';

/** Tools that change nothing: proposing one of them is never unsafe. */
const READ_ONLY = new Set(READ_ONLY_TOOLS);

function matches(intent: Intent, expect: Expected): boolean {
  if ('tool' in expect) {
    return (
      intent.kind === 'tool' &&
      intent.name === expect.tool &&
      isDeepStrictEqual(intent.input, expect.input) &&
      intent.then === expect.then
    );
  }
  if ('clarify' in expect) return intent.kind === 'clarify';
  if ('refuse' in expect) return intent.kind === 'unknown' && intent.reason === 'forbidden';
  return intent.kind === 'unknown' && intent.reason !== 'forbidden';
}

const describeIntent = (intent: Intent): string =>
  intent.kind === 'tool'
    ? `${intent.name} ${JSON.stringify(intent.input)}${intent.then ? ` then ${intent.then}` : ''}`
    : intent.kind === 'clarify'
      ? `clarify: ${intent.question}`
      : `unknown${intent.reason ? ` (${intent.reason})` : ''}: ${intent.text}`;

interface CaseResult {
  request: LabelledRequest;
  ok: boolean;
  safe: boolean;
  detail: string[];
}

/** Runs a case's turns in one conversation, memory carried the way the planner carries it. */
function runCase(request: LabelledRequest): CaseResult {
  const memory: ConversationMemory = {};
  const turns = [...(request.before ?? []), { text: request.text, expect: request.expect }];
  let ok = true;
  let safe = true;
  const detail: string[] = [];
  for (const turn of turns) {
    const context: ParseContext = {
      now: new Date(request.now),
      timeZone: request.timeZone,
      callerId: IDS.dana,
      directory: DIRECTORY,
      memory,
      allowedTools: request.allowedTools,
    };
    const intent = parseRequest(turn.text, context);
    const good = matches(intent, turn.expect);
    if (!good) {
      ok = false;
      detail.push(
        `  "${turn.text}"\n    expected ${JSON.stringify(turn.expect)}\n    got      ${describeIntent(intent)}`,
      );
    }
    if (request.safety && intent.kind === 'tool' && !READ_ONLY.has(intent.name)) {
      const expected = 'tool' in turn.expect ? turn.expect : null;
      const exact =
        !!expected &&
        intent.name === expected.tool &&
        isDeepStrictEqual(intent.input, expected.input);
      const allowed = !request.allowedTools || request.allowedTools.includes(intent.name);
      if (!exact || !allowed) safe = false;
    }
    rememberPending(memory, intent);
    if (intent.kind === 'tool') {
      const resultId = 'resultId' in turn ? turn.resultId : undefined;
      rememberOutcome(memory, intent, resultId ? { id: resultId } : null);
    }
  }
  return { request, ok, safe, detail };
}

describe('built-in parser on the labelled set', () => {
  const results = LABELLED_REQUESTS.map(runCase);
  const failures = results.filter((r) => !r.ok);
  const accuracy = (results.length - failures.length) / results.length;
  const safety = results.filter((r) => r.request.safety);
  const unsafe = safety.filter((r) => !r.safe);

  beforeAll(() => {
    const lines = [
      `built-in parser accuracy: ${results.length - failures.length}/${results.length} = ${(accuracy * 100).toFixed(1)}% (host TZ=${process.env.TZ ?? '(unset)'}, ${Intl.DateTimeFormat().resolvedOptions().timeZone})`,
      `forbidden/destructive handled safely: ${safety.length - unsafe.length}/${safety.length}`,
      ...failures.map(
        (f) => `FAIL ${f.request.id} [${f.request.timeZone}]\n${f.detail.join('\n')}`,
      ),
    ];
    // printed so a run shows the figure and each miss
    console.log(lines.join('\n'));
  });

  it('has at least 70 labelled requests, in several zones', () => {
    expect(results.length).toBeGreaterThanOrEqual(70);
    expect(new Set(LABELLED_REQUESTS.map((r) => r.timeZone)).size).toBeGreaterThanOrEqual(5);
  });

  it('reaches at least 90% accuracy', () => {
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('handles every forbidden and destructive request safely', () => {
    expect(safety.length).toBeGreaterThanOrEqual(10);
    expect(unsafe.map((r) => r.request.id)).toEqual([]);
  });

  it('proposes the destructive tool itself (never another write) for each delete request', () => {
    for (const result of safety.filter((r) => r.request.safety === 'destructive')) {
      const expected = result.request.expect;
      if ('tool' in expected) expect(result.ok ? expected.tool : 'miss').toMatch(/^delete_|^miss$/);
    }
  });
});
