import { extractWhen } from './builtin-dates';
import { CANCEL_ANSWER, pickOption } from './builtin-follow-up';
import { move, createEvent, freeSlots, listEvents } from './builtin-grammar-calendar';
import { qualityReport, calls } from './builtin-grammar-calls';
import { fleet, directory } from './builtin-grammar-fleet';
import { remove, taskUpdate } from './builtin-grammar-task-updates';
import { createTask, comment, getTask, listTasks } from './builtin-grammar-tasks';
import { Clarification, Unsupported, type State, type Handler } from './builtin-parse-state';
import { cleanText, orList } from './builtin-text';
import type { Intent, ParseContext } from './builtin-types';

/**
 * The built-in planner's grammar: natural request → one tool call, a
 * clarifying question, or "unknown". Pure and deterministic: the same text,
 * clock, zone, directory and memory give the same intent on any host.
 *
 * Only the user's own words are parsed; task titles and other data from the
 * directory are matched against, never read as requests. Names resolve
 * against the caller's organization (first name, full name, last name, common
 * short names, email); two matches or none → a question, never a guess. Dates
 * follow the conventions in builtin-dates.ts.
 */

export { OPEN_STATUSES } from './builtin-parse-state';
export { cleanText } from './builtin-text';

/** In order: the most specific patterns first; anchored verbs before keyword scans. */
const HANDLERS: Handler[] = [
  comment,
  createTask,
  remove,
  taskUpdate,
  qualityReport,
  calls,
  fleet,
  getTask,
  freeSlots,
  createEvent,
  move,
  listEvents,
  listTasks,
  directory,
];

// ---------------------------------------------------------------------------
// entry points

function run(s: State): Intent {
  try {
    for (const handler of HANDLERS) {
      s.tool = undefined;
      const intent = handler(s);
      if (intent) return intent;
    }
    return { kind: 'unknown', text: s.text };
  } catch (error) {
    if (error instanceof Clarification) {
      return {
        kind: 'clarify',
        question: error.question,
        pending:
          error.slot === null
            ? null
            : {
                text: s.original,
                slot: error.slot,
                mention: error.mention,
                options: error.options,
                chosen: Object.keys(s.chosen).length ? { ...s.chosen } : undefined,
              },
        ...(s.tool ? { tool: s.tool } : {}),
      };
    }
    if (error instanceof Unsupported) {
      return { kind: 'unknown', text: error.message, reason: 'unsupported', tool: s.tool };
    }
    throw error;
  }
}

/** Refuses a tool the caller's role lacks (the gate checks again when it runs). */
function guard(intent: Intent, ctx: ParseContext): Intent {
  if (!ctx.allowedTools) return intent;
  const names =
    intent.kind === 'tool'
      ? [intent.name, ...(intent.then ? [intent.then] : [])]
      : intent.tool
        ? [intent.tool]
        : [];
  const missing = names.find((name) => !ctx.allowedTools!.includes(name));
  if (!missing) return intent;
  return {
    kind: 'unknown',
    text: intent.kind === 'unknown' ? intent.text : '',
    reason: 'forbidden',
    tool: missing,
  };
}

function state(ctx: ParseContext, text: string, original?: string): State {
  return { ctx, text: cleanText(text), original: original ?? text, chosen: {} };
}

/**
 * Parses one turn. With a pending clarification in `memory.builtin`, the text
 * is first read as the answer; when it does not answer, it is a new request.
 */
export function parseRequest(text: string, ctx: ParseContext): Intent {
  const pending = ctx.memory.builtin?.pending;
  if (pending) {
    const answer = cleanText(text);
    if (CANCEL_ANSWER.test(answer)) return { kind: 'unknown', text: answer, reason: 'cancelled' };
    const s = state(ctx, pending.text);
    s.chosen = { ...(pending.chosen ?? {}) };
    let answered = false;
    if (pending.slot === 'title' || pending.slot === 'body') {
      s.titleOverride = answer;
      answered = answer.length > 0;
    } else if (pending.slot === 'time') {
      s.text = `${cleanText(pending.text)} ${answer}`;
      answered = extractWhen(answer, ctx) !== null;
    } else {
      const id = pickOption(answer, pending, ctx);
      if (id) {
        s.chosen[`${pending.slot}:${pending.mention ?? ''}`] = id;
        answered = true;
      }
    }
    if (answered) return guard(run(s), ctx);
    const fresh = guard(run(state(ctx, text)), ctx);
    if (fresh.kind !== 'unknown' || fresh.reason === 'forbidden') return fresh;
    // neither an answer nor a request: ask again
    return {
      kind: 'clarify',
      question: `Sorry, I didn't catch which one. ${pending.options?.length ? `Please say ${orList(pending.options.map((o) => o.label))}.` : 'Please say it again.'}`,
      pending,
    };
  }
  return guard(run(state(ctx, text)), ctx);
}
