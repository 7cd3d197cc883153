import type { DateTime } from 'luxon';
import { extractDuration, extractRange, extractWhen, iso, localNow } from './builtin-dates';
import { taskDue } from './builtin-grammar-task-updates';
import { Clarification, type State, type Member, type Handler, tool } from './builtin-parse-state';
import { resolvePerson, firstName, splitNames, possessiveParty } from './builtin-resolve-people';
import { itKind, stripTaskWords, findEvents, resolveEvent } from './builtin-resolve-things';
import {
  capitalise,
  refTokens,
  matchAll,
  normalKey,
  PRONOUNS,
  andList,
  tidyTitle,
} from './builtin-text';
import type { Intent } from './builtin-types';

// Calendar grammar: moving, creating and listing events, and finding free slots.

/** "move X to <when>": an event when X names one (or "it" is an event), a task's due date otherwise. */
export const move: Handler = (s) => {
  const m =
    /^(?:move|push|postpone|reschedule|shift|change|bump|delay|put off|push back)\s+(.+?)\s+(?:to|until|till|back to|out to|for)\s+(.+)$/i.exec(
      s.text,
    );
  if (!m) return null;
  const [, ref, whenText] = m;
  const isTask = /\b(?:tasks?|to-?dos?)\b/i.test(ref);
  const core = stripTaskWords(ref);
  const key = normalKey(ref);
  if (isTask || s.chosen[`task:${key}`]) return taskDue(s, ref, whenText);
  if (PRONOUNS.has(core) || core === '') {
    if (itKind(s) === 'event' && s.ctx.memory.lastEventId) return eventMove(s, ref, whenText);
    return taskDue(s, ref, whenText);
  }
  if (s.chosen[`event:${key}`] || findEvents(s, ref, null).length > 0) {
    return eventMove(s, ref, whenText);
  }
  const tasks = matchAll(refTokens(core), s.ctx.directory.tasks, (t) => refTokens(t.title));
  if (tasks.length > 0) return taskDue(s, ref, whenText);
  s.tool = 'update_event';
  return eventMove(s, ref, whenText);
};

function eventMove(s: State, ref: string, whenText: string): Intent {
  s.tool = 'update_event';
  const occurrence = resolveEvent(s, ref, null);
  const when = extractWhen(whenText, s.ctx);
  if (!when) throw new Clarification('When should it move to?', 'time', '');
  const oldStart = toLocal(occurrence.startsAt, s.ctx.timeZone);
  const dateGiven = when.hasDate;
  const day = dateGiven ? when.local : oldStart;
  const time = when.hasTime ? when.local : oldStart;
  const newStart = day.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
  const length = occurrence.endsAt.getTime() - occurrence.startsAt.getTime();
  return tool(s, 'update_event', {
    id: occurrence.id,
    startsAt: iso(newStart),
    endsAt: iso(newStart.plus({ milliseconds: length })),
  });
}

function toLocal(date: Date, zone: string): DateTime {
  return localNow({ now: date, timeZone: zone });
}

const MEETING_NOUNS =
  'meeting|sync|call|chat|catch[\\s-]?up|1:1|one[\\s-]on[\\s-]one|review|standup|stand-up|check[\\s-]?in|huddle|interview|lunch|coffee|session|demo|event|appointment|discussion|briefing|walkthrough|retro|retrospective|training';

const CREATE_EVENT = new RegExp(
  `^(?:schedule|set up|setup|book|arrange|plan|organi[sz]e|put|add|create|make|set)\\s+(?:me\\s+)?(?:(?:a|an|another)\\s+)?(.*)$`,
  'i',
);

export const createEvent: Handler = (s) => {
  const m = CREATE_EVENT.exec(s.text);
  if (!m) return null;
  let body = m[1];
  const duration = extractDuration(body);
  if (duration) body = duration.rest.replace(/^(?:a|an)\s+/i, '');
  let title: string | undefined;
  const named =
    /\b(?:called|titled|named)\s+"?([^"]+?)"?(?=\s+(?:with|on|at|for|tomorrow|today|next|this)\b|$)/i.exec(
      body,
    );
  const quoted = /"([^"]+)"/.exec(body);
  const noun = new RegExp(`^(?:([a-z][\\w-]*)\\s+)?(${MEETING_NOUNS})\\b`, 'i').exec(body);
  if (!noun && !named && !quoted) return null;
  if (named) {
    title = named[1];
    body = body.replace(named[0], ' ');
  } else if (quoted) {
    title = quoted[1];
    body = body.replace(quoted[0], ' ');
  }
  s.tool = 'create_event';
  let rest = noun ? body.slice(noun.index + noun[0].length) : body;
  const when = extractWhen(rest, s.ctx);
  if (when) rest = when.rest;
  const attendees: { id: string; member: Member | null }[] = [];
  rest = rest.replace(/\s+(?:on|to|in|into)\s+(?:my|our|the)\s+calendar\b/i, '');
  const withMatch = /\bwith\s+(.+?)(?=\s+(?:about|to discuss|regarding|at|in|on|for)\b|$)/i.exec(
    rest,
  );
  if (withMatch) {
    for (const name of splitNames(withMatch[1])) {
      const person = resolvePerson(s, name);
      if (person.id !== s.ctx.callerId && !attendees.some((a) => a.id === person.id)) {
        attendees.push(person);
      }
    }
  }
  if (!title) {
    const adjective =
      noun?.[1] && !/^(?:quick|short|brief|new|little|small)$/i.test(noun[1]) ? `${noun[1]} ` : '';
    const base = capitalise(`${adjective}${(noun?.[2] ?? 'meeting').toLowerCase()}`);
    title = attendees.length
      ? `${base} with ${andList(attendees.map((a) => firstName(a.member)))}`
      : base;
  }
  if (!when || !when.hasTime) {
    throw new Clarification(
      when ? 'At what time?' : 'When should it be? Give me a day and a time.',
      'time',
      '',
    );
  }
  const startsAt = when.local;
  const endsAt = startsAt.plus({ minutes: duration?.minutes ?? 30 });
  const input: Record<string, unknown> = {
    title: tidyTitle(title),
    startsAt: iso(startsAt),
    endsAt: iso(endsAt),
    timezone: s.ctx.timeZone,
  };
  if (attendees.length) input.attendeeIds = attendees.map((a) => a.id);
  return tool(s, 'create_event', input);
};

export const freeSlots: Handler = (s) => {
  if (
    !/\bfree\b|\bavailab(?:le|ility)\b|\bfind\s+(?:a\s+)?(?:time|slot)\b|\bopen\s+slots?\b|\bwhen\s+can\s+(?:i|we)\s+meet\b/i.test(
      s.text,
    )
  ) {
    return null;
  }
  s.tool = 'find_free_slots';
  let text = s.text;
  const duration = extractDuration(text);
  if (duration) text = duration.rest;
  const range = extractRange(text, s.ctx);
  if (range) text = range.rest;
  const names: string[] = [];
  let m: RegExpExecArray | null;
  if (
    (m =
      /^(?:when|what time|what times)\s+(?:are|is|am|will|can)\s+(.+?)\s+(?:both\s+|all\s+|be\s+)*(?:free|available)\b/i.exec(
        text,
      )) ||
    (m = /^(?:is|are|am)\s+(.+?)\s+(?:both\s+|all\s+)*(?:free|available)\b/i.exec(text))
  ) {
    names.push(...splitNames(m[1]));
  } else if ((m = /\b(?:for|between)\s+(.+?)(?=\s+(?:to meet|to talk|when)\b|$)/i.exec(text))) {
    names.push(...splitNames(m[1]));
  } else if ((m = /\bwith\s+(.+?)$/i.exec(text))) {
    names.push('me', ...splitNames(m[1]));
  } else {
    names.push('me');
  }
  const userIds: string[] = [];
  for (const name of names) {
    const person = resolvePerson(s, name);
    if (!userIds.includes(person.id)) userIds.push(person.id);
  }
  const from = range?.from ?? localNow(s.ctx).startOf('day');
  const to = range?.to ?? from.plus({ days: 1 });
  return tool(s, 'find_free_slots', {
    userIds,
    from: iso(from),
    to: iso(to),
    durationMinutes: duration?.minutes ?? 30,
  });
};

export const listEvents: Handler = (s) => {
  if (
    !/\bcalendar\b|\bschedule\b|\bagenda\b|\bmeetings\b|\bevents\b|\bappointments\b|\bdiary\b/i.test(
      s.text,
    ) &&
    // "what do I have tomorrow", "do I have anything on Thursday", "what's on tomorrow"
    !/^(?:what\s+do\s+i\s+have|what\s+have\s+i\s+got|do\s+i\s+have\s+anything|am\s+i\s+busy|what(?:'s|\s+is)\s+on\s+(?:for\s+)?(?:today|tonight|tomorrow|this|next|on|monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i.test(
      s.text,
    )
  ) {
    return null;
  }
  s.tool = 'list_events';
  const party = possessiveParty(s, false);
  const range = extractRange(s.text, s.ctx);
  const from = range?.from ?? localNow(s.ctx).startOf('day');
  const to = range?.to ?? from.plus({ days: 1 });
  const input: Record<string, unknown> = { from: iso(from), to: iso(to) };
  const userId = party?.id ?? s.ctx.callerId;
  if (/\b(?:everyone|all|company|team)\b/i.test(s.text) && !party) {
    // the whole organization's calendar
  } else if (userId) {
    input.userIds = [userId];
  }
  return tool(s, 'list_events', input);
};
