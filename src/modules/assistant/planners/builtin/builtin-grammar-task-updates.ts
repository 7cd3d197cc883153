import { dueInstant, extractRange, extractWhen, iso } from './builtin-dates';
import { priorityOf } from './builtin-grammar-tasks';
import { Clarification, Unsupported, type State, type Handler, tool } from './builtin-parse-state';
import { resolveParty } from './builtin-resolve-people';
import {
  itKind,
  stripTaskWords,
  resolveTask,
  findEvents,
  resolveEvent,
} from './builtin-resolve-things';
import { refTokens, matchAll, normalKey, PRONOUNS, tidyTitle } from './builtin-text';
import type { Intent } from './builtin-types';

// Task grammar: deleting (tasks or events), status, priority, assignment, renaming and due dates.

const DELETE = /^(?:delete|remove|cancel|drop|trash|scrap|erase|get rid of|call off|kill)\s+(.+)$/i;

export const remove: Handler = (s) => {
  const m = DELETE.exec(s.text);
  if (!m) return null;
  const target = m[1];
  const isTask = /\b(?:tasks?|to-?dos?)\b/i.test(target);
  s.tool = isTask ? 'delete_task' : 'delete_event';
  if (/\b(?:all|every|everything|each|any)\b/i.test(target)) {
    throw new Unsupported('I can only delete one thing at a time. Which one should go?');
  }
  const core = stripTaskWords(target);
  if (PRONOUNS.has(core) || core === '') {
    if (!isTask && itKind(s) === 'event' && s.ctx.memory.lastEventId) {
      s.tool = 'delete_event';
      return tool(s, 'delete_event', { id: s.ctx.memory.lastEventId });
    }
    s.tool = 'delete_task';
    return tool(s, 'delete_task', { id: resolveTask(s, target).id });
  }
  if (isTask) return tool(s, 'delete_task', { id: resolveTask(s, target).id });
  const key = normalKey(target);
  if (s.chosen[`event:${key}`]) {
    return tool(s, 'delete_event', { id: resolveEvent(s, target, null).id });
  }
  if (s.chosen[`task:${key}`]) {
    s.tool = 'delete_task';
    return tool(s, 'delete_task', { id: resolveTask(s, target).id });
  }
  const timed = extractWhen(target, s.ctx);
  const atTime = timed?.hasTime ? findEvents(s, target, null) : [];
  // "cancel my 3pm meeting"
  if (atTime.length === 1) return tool(s, 'delete_event', { id: atTime[0].id });
  const range = extractRange(target, s.ctx);
  const phrase = range?.rest ?? target;
  const events = findEvents(s, phrase, range);
  if (events.length >= 1) return tool(s, 'delete_event', { id: resolveEvent(s, phrase, range).id });
  const tasks = matchAll(refTokens(stripTaskWords(target)), s.ctx.directory.tasks, (t) =>
    refTokens(t.title),
  );
  if (tasks.length >= 1) {
    s.tool = 'delete_task';
    return tool(s, 'delete_task', { id: resolveTask(s, target).id });
  }
  throw new Clarification(
    `I can't find "${target}" on the calendar or in the open tasks. What should I delete?`,
    null,
  );
};

const STATUS_WORDS: { re: RegExp; status: string }[] = [
  { re: /^in[\s-]?progress|started|underway|doing$/i, status: 'IN_PROGRESS' },
  { re: /^blocked|stuck|on hold$/i, status: 'BLOCKED' },
  { re: /^to[\s-]?do|open|not started$/i, status: 'TODO' },
  { re: /^cancell?ed$/i, status: 'CANCELLED' },
];

export const taskUpdate: Handler = (s) => {
  let m: RegExpExecArray | null;
  // complete
  if (
    (m =
      /^(?:mark|set|flag)\s+(.+?)\s+(?:as\s+|to\s+)?(?:done|complete|completed|finished|closed|resolved)$/i.exec(
        s.text,
      )) ||
    (m = /^(?:complete|finish|close|resolve|tick off|check off|cross off)\s+(.+)$/i.exec(s.text)) ||
    (m = /^i(?:'m|\s+am)\s+(?:all\s+)?(?:done|finished)\s+with\s+(.+)$/i.exec(s.text)) ||
    (m =
      /^i(?:'ve| have)?\s+(?:just\s+)?(?:finished|completed|done|did|closed)\s+(?:with\s+)?(.+)$/i.exec(
        s.text,
      )) ||
    (m = /^(.+?)\s+is\s+(?:done|finished|complete|completed)$/i.exec(s.text))
  ) {
    s.tool = 'complete_task';
    return tool(s, 'complete_task', { id: resolveTask(s, m[1]).id });
  }
  // "start the roster task": in progress
  if (
    (m =
      /^(?:start|begin|i'm starting|i am starting|start working on|i'm working on|i am working on)\s+(.+)$/i.exec(
        s.text,
      ))
  ) {
    s.tool = 'update_task';
    return tool(s, 'update_task', { id: resolveTask(s, m[1]).id, status: 'IN_PROGRESS' });
  }
  // status
  if (
    (m =
      /^(?:mark|set|move|put|change|flag)\s+(.+?)\s+(?:as|to|in|into|back to)\s+(in[\s-]?progress|blocked|stuck|on hold|to[\s-]?do|open|not started|cancell?ed|started)$/i.exec(
        s.text,
      )) ||
    (m = /^(.+?)\s+is\s+(?:now\s+)?(in[\s-]?progress|blocked|stuck|on hold|started)$/i.exec(s.text))
  ) {
    s.tool = 'update_task';
    const status = STATUS_WORDS.find((w) => w.re.test(m![2]))?.status ?? 'TODO';
    return tool(s, 'update_task', { id: resolveTask(s, m[1]).id, status });
  }
  // priority
  if (
    (m =
      /^(?:make|mark|set|change|bump|raise|lower|flag)\s+(.+?)\s+(?:as\s+|to\s+)?(?:an?\s+)?(urgent|high(?:[\s-]+priority)?|low(?:[\s-]+priority)?|medium(?:[\s-]+priority)?|normal(?:[\s-]+priority)?|important|top priority)$/i.exec(
        s.text,
      )) ||
    (m = /^(?:set|change|make|update)\s+(.+?)(?:'s)?\s+priority\s+(?:to\s+|as\s+)?(\w+)$/i.exec(
      s.text,
    )) ||
    (m =
      /^(?:set|change|make)\s+the\s+priority\s+(?:of|on|for)\s+(.+?)\s+(?:to\s+)?(\w+(?:\s+priority)?)$/i.exec(
        s.text,
      ))
  ) {
    const priority = priorityOf(m[2]);
    if (priority) {
      s.tool = 'update_task';
      const ref = m[1].replace(/(?:'s)?\s+priority$/i, '');
      return tool(s, 'update_task', { id: resolveTask(s, ref).id, priority });
    }
  }
  // assignment
  if (
    (m =
      /^(?:re-?assign|assign|give|hand(?:\s+over)?|transfer|delegate)\s+(.+?)\s+to\s+(.+)$/i.exec(
        s.text,
      ))
  ) {
    s.tool = 'update_task';
    const id = resolveTask(s, m[1]).id;
    const party = resolveParty(s, m[2], true);
    return tool(
      s,
      'update_task',
      party.kind === 'team' ? { id, teamId: party.id } : { id, assigneeId: party.id },
    );
  }
  if ((m = /^un-?assign\s+(.+)$/i.exec(s.text))) {
    s.tool = 'update_task';
    return tool(s, 'update_task', { id: resolveTask(s, m[1]).id, assigneeId: null });
  }
  // rename
  if ((m = /^(?:rename|retitle)\s+(.+?)\s+(?:to|as)\s+(.+)$/i.exec(s.text))) {
    s.tool = 'update_task';
    return tool(s, 'update_task', {
      id: resolveTask(s, m[1]).id,
      title: tidyTitle(m[2].replace(/^"(.*)"$/, '$1')),
    });
  }
  // due date: explicitly a task's
  if (
    (m =
      /^(?:change|set|move|push|update|make)\s+the\s+(?:due\s+date|deadline)\s+(?:of|for|on)\s+(.+?)\s+(?:to|for)\s+(.+)$/i.exec(
        s.text,
      )) ||
    (m = /^(?:make|set|mark)\s+(.+?)\s+(?:as\s+)?due\s+(?:on\s+|by\s+|for\s+)?(.+)$/i.exec(s.text))
  ) {
    s.tool = 'update_task';
    return taskDue(s, m[1], m[2]);
  }
  return null;
};

export function taskDue(s: State, ref: string, whenText: string): Intent {
  s.tool = 'update_task';
  const id = resolveTask(s, ref).id;
  const when = extractWhen(whenText, s.ctx);
  if (!when) throw new Clarification('When should it be due?', 'time', '');
  return tool(s, 'update_task', { id, dueAt: iso(dueInstant(when)) });
}
