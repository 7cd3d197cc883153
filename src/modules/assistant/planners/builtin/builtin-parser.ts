import type { DateTime } from 'luxon';
import {
  dueInstant,
  extractDuration,
  extractRange,
  extractWhen,
  iso,
  localNow,
  type Range,
} from './builtin-dates';
import type {
  ClarifyOption,
  Directory,
  Intent,
  ParseContext,
  PendingClarification,
} from './builtin-types';

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

export const OPEN_STATUSES = ['TODO', 'IN_PROGRESS', 'BLOCKED'] as const;

/** Thrown inside the grammar when a slot cannot be filled; becomes a clarify intent. */
class Clarification extends Error {
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
class Unsupported extends Error {}

interface State {
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

type Member = Directory['members'][number];

// ---------------------------------------------------------------------------
// text helpers

export function cleanText(text: string): string {
  let t = text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
  t = t.replace(/^(?:(?:hey|hi|hello|ok|okay|so|assistant|switchboard)\b[,!]?\s*)+/i, '');
  t = t.replace(
    /^(?:(?:please|can you|could you|would you|will you|i'd like you to|i want you to|go ahead and)\s+)+/i,
    '',
  );
  t = t.replace(/[\s,]*\bplease\b[.!?]*$/i, '');
  t = t.replace(/[\s.!?]+$/, '').trim();
  return t;
}

const capitalise = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);

const REF_STOP = new Set([
  'the',
  'a',
  'an',
  'my',
  'our',
  'that',
  'this',
  'task',
  'tasks',
  'one',
  'item',
  'todo',
  'meeting',
  'event',
  'for',
  'of',
  'on',
  'with',
  'to',
  'and',
  'in',
  'at',
  'i',
  'mean',
  'please',
  'about',
  'called',
  'named',
]);

function refTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((t) => t && !REF_STOP.has(t));
}

/** "tire" ~ "tires", "brake" ~ "brakes"; short words must be equal. */
function tokenMatches(query: string, target: string): boolean {
  if (query === target) return true;
  if (query.length >= 3 && target.startsWith(query)) return true;
  if (target.length >= 3 && query.startsWith(target) && query.length - target.length <= 2) {
    return true;
  }
  return false;
}

/** Items whose label contains every query token. */
function matchAll<T>(query: string[], items: T[], label: (item: T) => string[]): T[] {
  if (query.length === 0) return [];
  return items.filter((item) => {
    const words = label(item);
    return query.every((q) => words.some((w) => tokenMatches(q, w)));
  });
}

const normalKey = (s: string): string =>
  s
    .toLowerCase()
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9@.\s-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const PRONOUNS = new Set(['it', 'that', 'this', 'that one', 'this one', 'the same one', 'same']);

const orList = (labels: string[]): string =>
  labels.length <= 1
    ? (labels[0] ?? '')
    : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;

const andList = (labels: string[]): string =>
  labels.length <= 1
    ? (labels[0] ?? '')
    : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;

// ---------------------------------------------------------------------------
// people and teams

/** Common short names → the first name on the profile. */
const SHORT_NAMES: Record<string, string[]> = {
  sam: ['samantha', 'samuel'],
  alex: ['alexander', 'alexandra', 'alexis'],
  mike: ['michael'],
  liz: ['elizabeth'],
  beth: ['elizabeth', 'bethany'],
  bob: ['robert'],
  rob: ['robert'],
  bill: ['william'],
  will: ['william'],
  kate: ['katherine', 'kathryn', 'catherine'],
  katie: ['katherine', 'kathryn', 'catherine'],
  chris: ['christopher', 'christina', 'christine'],
  dan: ['daniel'],
  danny: ['daniel'],
  dave: ['david'],
  jim: ['james'],
  jimmy: ['james'],
  joe: ['joseph'],
  matt: ['matthew'],
  nick: ['nicholas'],
  pat: ['patricia', 'patrick'],
  tom: ['thomas'],
  ben: ['benjamin'],
  jen: ['jennifer'],
  jenny: ['jennifer'],
  tony: ['anthony'],
  andy: ['andrew'],
  drew: ['andrew'],
  steve: ['steven', 'stephen'],
  greg: ['gregory'],
  ed: ['edward'],
  ted: ['edward', 'theodore'],
  vicky: ['victoria'],
  abby: ['abigail'],
  gabe: ['gabriel'],
  josh: ['joshua'],
  zach: ['zachary'],
  nate: ['nathan', 'nathaniel'],
};

const SELF = new Set(['me', 'i', 'myself', 'my', 'mine', 'my own', 'i myself']);

function matchMembers(directory: Directory, key: string): Member[] {
  const exact = directory.members.filter(
    (m) => m.name.toLowerCase() === key || m.email.toLowerCase() === key,
  );
  if (exact.length > 0) return exact;
  const words = key.split(' ').filter(Boolean);
  const firstNames = (word: string) => [word, ...(SHORT_NAMES[word] ?? [])];
  if (words.length === 1) {
    const [word] = words;
    const byFirst = directory.members.filter((m) =>
      firstNames(word).includes(m.name.toLowerCase().split(/\s+/)[0]),
    );
    if (byFirst.length > 0) return byFirst;
    return directory.members.filter((m) => {
      const parts = m.name.toLowerCase().split(/\s+/);
      return parts.length > 1 && parts[parts.length - 1] === word;
    });
  }
  if (words.length === 2) {
    return directory.members.filter((m) => {
      const parts = m.name.toLowerCase().split(/\s+/);
      const last = parts[parts.length - 1];
      return (
        parts.length > 1 &&
        firstNames(words[0]).includes(parts[0]) &&
        (last === words[1] ||
          (words[1].replace('.', '').length === 1 && last.startsWith(words[1][0])))
      );
    });
  }
  return [];
}

function teamNames(directory: Directory, member: Member): string[] {
  return (member.teamIds ?? [])
    .map((id) => directory.teams.find((t) => t.id === id)?.name)
    .filter((name): name is string => !!name);
}

function memberOption(directory: Directory, member: Member): ClarifyOption {
  const teams = teamNames(directory, member);
  return {
    id: member.id,
    label: teams.length ? `${member.name} (${teams.join(', ')})` : member.name,
    hints: [...teams, member.email],
  };
}

function matchTeam(directory: Directory, key: string): Directory['teams'] {
  const name = key
    .replace(/^the\s+/, '')
    .replace(/\s+team$/, '')
    .replace(/^team\s+/, '')
    .trim();
  return directory.teams.filter((t) => t.name.toLowerCase() === name);
}

const looksLikeTeam = (key: string): boolean => /\bteam\b/.test(key);

type Party = { kind: 'person'; id: string; member: Member | null } | { kind: 'team'; id: string };

/** A person (or team, when `teams`) named in the request. Throws a question when unsure. */
function resolveParty(s: State, mention: string, teams: boolean): Party {
  const key = normalKey(mention).replace(/^(?:to|for|with)\s+/, '');
  const chosen = s.chosen[`person:${key}`];
  if (chosen) {
    const member = s.ctx.directory.members.find((m) => m.id === chosen) ?? null;
    if (member) return { kind: 'person', id: member.id, member };
    if (s.ctx.directory.teams.some((t) => t.id === chosen)) return { kind: 'team', id: chosen };
  }
  if (SELF.has(key)) {
    if (!s.ctx.callerId) throw new Clarification('Who do you mean by "me"?', 'person', key, []);
    const member = s.ctx.directory.members.find((m) => m.id === s.ctx.callerId) ?? null;
    return { kind: 'person', id: s.ctx.callerId, member };
  }
  if (teams) {
    const team = matchTeam(s.ctx.directory, key);
    if (team.length === 1) return { kind: 'team', id: team[0].id };
  }
  if (!looksLikeTeam(key)) {
    const members = matchMembers(s.ctx.directory, key.replace(/^the\s+/, ''));
    if (members.length === 1) return { kind: 'person', id: members[0].id, member: members[0] };
    if (members.length > 1) {
      const options = members.map((m) => memberOption(s.ctx.directory, m));
      throw new Clarification(
        `Which ${capitalise(mention.trim())} do you mean: ${orList(options.map((o) => o.label))}?`,
        'person',
        key,
        options,
      );
    }
  }
  throw new Clarification(
    looksLikeTeam(key)
      ? `I can't find a team called "${mention.trim()}". Which team do you mean?`
      : `I don't know anyone called "${mention.trim()}" in your organization. Who do you mean?`,
    'person',
    key,
    [],
  );
}

function resolvePerson(s: State, mention: string): { id: string; member: Member | null } {
  const party = resolveParty(s, mention, false);
  if (party.kind !== 'person') throw new Clarification('Who do you mean?', 'person', mention, []);
  return party;
}

/** A name that resolves without a question, or null (used where a name is optional). */
function tryParty(s: State, mention: string, teams: boolean): Party | null {
  try {
    return resolveParty(s, mention, teams);
  } catch (error) {
    if (error instanceof Clarification && error.options && error.options.length > 1) throw error;
    return null;
  }
}

const firstName = (member: Member | null): string => member?.name.split(/\s+/)[0] ?? '';

/** "Priya and I", "Jordan, Priya and me" → mentions. */
const splitNames = (text: string): string[] =>
  text
    .split(/\s*(?:,|\band\b|&|\bplus\b)\s*/i)
    .map((n) => n.replace(/^\s*(?:both|all)\s+/i, '').trim())
    .filter(Boolean);

const NOT_NAMES = new Set([
  'what',
  'who',
  'where',
  'that',
  'it',
  'there',
  'here',
  'how',
  'let',
  'today',
  'tomorrow',
  'week',
  'day',
  'everyone',
  'team',
  'he',
  'she',
  'when',
]);

/** The person whose things are asked about ("Priya's tasks", "Marcus Brown's calendar"). */
function possessiveParty(s: State, teams: boolean): Party | null {
  const re = /(?<![\w'])([A-Za-z][\w.-]*)(?:\s+([A-Za-z][\w.-]*))?'s\b/g;
  for (const match of s.text.matchAll(re)) {
    const words = [match[1], match[2]].filter((w): w is string => !!w);
    const last = words[words.length - 1];
    if (NOT_NAMES.has(last.toLowerCase())) continue;
    if (words.length === 2 && !NOT_NAMES.has(words[0].toLowerCase())) {
      const pair = tryParty(s, words.join(' '), teams);
      if (pair) return pair;
    }
    return resolveParty(s, last, teams);
  }
  return null;
}

// ---------------------------------------------------------------------------
// tasks, events, vehicles, campaigns

function itKind(s: State): 'task' | 'event' | 'vehicle' | 'call' | undefined {
  const memory = s.ctx.memory;
  if (memory.builtin?.lastKind) return memory.builtin.lastKind;
  if (memory.lastTaskId) return 'task';
  if (memory.lastEventId) return 'event';
  return undefined;
}

const stripTaskWords = (phrase: string): string =>
  normalKey(phrase)
    .replace(/^(?:the|my|our|that|this)\s+/, '')
    .replace(/\b(?:task|to-?do|item)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** An open task named in the request ("the tire samples task", "it"). */
function resolveTask(s: State, phrase: string): { id: string; title?: string } {
  const key = normalKey(phrase);
  const chosen = s.chosen[`task:${key}`];
  if (chosen)
    return { id: chosen, title: s.ctx.directory.tasks.find((t) => t.id === chosen)?.title };
  const core = stripTaskWords(phrase);
  if (core === '' || PRONOUNS.has(core) || PRONOUNS.has(key) || core === 'one') {
    if (s.ctx.memory.lastTaskId && itKind(s) !== 'event') return { id: s.ctx.memory.lastTaskId };
    throw new Clarification('Which task do you mean?', 'task', key, []);
  }
  const found = matchAll(refTokens(core), s.ctx.directory.tasks, (t) => refTokens(t.title));
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    const options = found.map((t) => ({ id: t.id, label: t.title }));
    throw new Clarification(
      `Which task do you mean: ${orList(options.map((o) => `"${o.label}"`))}?`,
      'task',
      key,
      options,
    );
  }
  throw new Clarification(
    `I can't find an open task matching "${phrase.trim()}". Which task do you mean?`,
    'task',
    key,
    [],
  );
}

interface Occurrence {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
}

function occurrences(directory: Directory): Occurrence[] {
  return directory.events
    .map((e) => ({
      id: e.id,
      title: e.title,
      startsAt: new Date(e.startsAt),
      endsAt: new Date(e.endsAt),
    }))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

function findEvents(s: State, phrase: string, range: Range | null): Occurrence[] {
  const at = extractWhen(phrase, s.ctx);
  const dayWords = at ? extractRange(at.rest, s.ctx) : null;
  if (at?.hasTime && refTokens(dayWords?.rest ?? at.rest).length === 0) {
    // "my 3pm meeting (tomorrow)": the first upcoming occurrence starting at that local time
    const day = at.hasDate ? at.local.startOf('day') : (dayWords?.from ?? null);
    const found = occurrences(s.ctx.directory).find((o) => {
      const local = localNow({ now: o.startsAt, timeZone: s.ctx.timeZone });
      return (
        local.hour === at.local.hour &&
        local.minute === at.local.minute &&
        (!day || local.hasSame(day, 'day'))
      );
    });
    return found ? [found] : [];
  }
  const inRange = occurrences(s.ctx.directory).filter(
    (o) =>
      !range ||
      (o.startsAt.getTime() < range.to.toMillis() && o.endsAt.getTime() > range.from.toMillis()),
  );
  const found = matchAll(refTokens(phrase), inRange, (o) => refTokens(o.title));
  // one per event (a series appears once per occurrence): its first one in range
  const seen = new Set<string>();
  return found.filter((o) => (seen.has(o.id) ? false : (seen.add(o.id), true)));
}

/** An upcoming event (its first matching occurrence) named in the request. */
function resolveEvent(s: State, phrase: string, range: Range | null): Occurrence {
  const key = normalKey(phrase);
  const chosen = s.chosen[`event:${key}`];
  const all = occurrences(s.ctx.directory);
  if (chosen) {
    const occurrence = all.find((o) => o.id === chosen);
    if (occurrence) return occurrence;
  }
  if (PRONOUNS.has(key) || PRONOUNS.has(stripTaskWords(phrase))) {
    const last = s.ctx.memory.lastEventId;
    const occurrence = last ? all.find((o) => o.id === last) : undefined;
    if (occurrence) return occurrence;
    throw new Clarification('Which event do you mean?', 'event', key, []);
  }
  const found = findEvents(s, phrase, range);
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    const options = found.map((o) => ({ id: o.id, label: o.title }));
    throw new Clarification(
      `Which event do you mean: ${orList(options.map((o) => `"${o.label}"`))}?`,
      'event',
      key,
      options,
    );
  }
  throw new Clarification(
    `I can't find "${phrase.trim()}" on the calendar. Which event do you mean?`,
    'event',
    key,
    [],
  );
}

const VEHICLE_MENTION =
  /\b(truck|van|car|bus|trailer|vehicle|unit|rig|lorry)\s*(?:number\s+|no\.?\s*|#)?\s*(\d+)\b/i;

const compact = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const NUMBER_NAMES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];

/** "truck twelve" (as speech comes in) → "truck 12". */
function spokenNumbers(text: string): string {
  return text.replace(
    /\b(truck|van|car|bus|trailer|vehicle|unit|rig|lorry)\s+(?:number\s+)?([a-z]+)\b/gi,
    (whole, kind: string, word: string) => {
      const n = NUMBER_NAMES.indexOf(word.toLowerCase());
      return n >= 0 ? `${kind} ${n}` : whole;
    },
  );
}

/** A vehicle named in the text: undefined when none is mentioned; a question when unknown. */
function findVehicle(s: State, spoken: string): { id: string; name: string } | undefined {
  const text = spokenNumbers(spoken);
  const chosen = s.chosen['vehicle:'];
  if (chosen) {
    const vehicle = s.ctx.directory.vehicles.find((v) => v.id === chosen);
    if (vehicle) return vehicle;
  }
  const lower = text.toLowerCase();
  const byName = s.ctx.directory.vehicles
    .filter((v) => new RegExp(`\\b${escapeRe(v.name.toLowerCase())}\\b`).test(lower))
    .sort((a, b) => b.name.length - a.name.length);
  if (byName.length > 0) return byName[0];
  const mention = VEHICLE_MENTION.exec(text);
  if (!mention) return undefined;
  const [, kind, number] = mention;
  const generic = /^(vehicle|unit)$/i.test(kind);
  const found = s.ctx.directory.vehicles.filter((v) =>
    generic
      ? new RegExp(`(?:^|\\D)${number}$`).test(compact(v.name))
      : compact(v.name) === compact(`${kind}${number}`),
  );
  if (found.length === 1) return found[0];
  throw new Clarification(
    found.length > 1
      ? `Which vehicle do you mean: ${orList(found.map((v) => v.name))}?`
      : `I can't find ${mention[0]} in your fleet. Which vehicle do you mean?`,
    'vehicle',
    '',
    found.map((v) => ({ id: v.id, label: v.name })),
  );
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const CAMPAIGN_STOP = new Set(['campaign', 'campaigns', 'the', 'a', 'for', 'of', 'and']);

/** The campaign named in the text; with `required`, a question when none or several. */
function findCampaign(s: State, text: string, required: boolean): string | undefined {
  const chosen = s.chosen['campaign:'];
  if (chosen) return chosen;
  const words = refTokens(text);
  const scored = s.ctx.directory.campaigns
    .map((c) => ({
      campaign: c,
      score: refTokens(c.name).filter(
        (t) => !CAMPAIGN_STOP.has(t) && words.some((w) => tokenMatches(w, t)),
      ).length,
    }))
    .filter((x) => x.score > 0);
  const best = Math.max(0, ...scored.map((x) => x.score));
  const top = scored.filter((x) => x.score === best);
  if (top.length === 1) return top[0].campaign.id;
  if (!required) return undefined;
  if (top.length === 0 && s.ctx.directory.campaigns.length === 1) {
    return s.ctx.directory.campaigns[0].id;
  }
  const options = (top.length > 1 ? top.map((x) => x.campaign) : s.ctx.directory.campaigns).map(
    (c) => ({ id: c.id, label: c.name }),
  );
  if (options.length === 0) throw new Clarification('There are no campaigns yet.', null);
  throw new Clarification(
    `Which campaign: ${orList(options.map((o) => o.label))}?`,
    'campaign',
    '',
    options,
  );
}

// ---------------------------------------------------------------------------
// handlers: each returns an intent, or null when the request is not its kind

type Handler = (s: State) => Intent | null;

const tool = (
  s: State,
  name: string,
  input: Record<string, unknown>,
  then?: 'get_call_score',
): Intent => ({ kind: 'tool', name, input, ...(then ? { then } : {}) });

const PRIORITY_WORDS: { re: RegExp; value: string }[] = [
  { re: /\b(?:urgent(?:ly)?|asap|as soon as possible|top priority|critical)\b/i, value: 'URGENT' },
  { re: /\b(?:high|important)(?:[\s-]+priority)?\b/i, value: 'HIGH' },
  { re: /\blow(?:[\s-]+priority)?\b/i, value: 'LOW' },
  { re: /\b(?:medium|normal)(?:[\s-]+priority)?\b/i, value: 'MEDIUM' },
];

function priorityOf(words: string): string | undefined {
  return PRIORITY_WORDS.find((p) => p.re.test(words))?.value;
}

/** Priority said inside a title phrase ("…, it's urgent", "high priority"), removed from it. */
function takePriority(phrase: string): { priority?: string; rest: string } {
  const re =
    /[\s,;-]*(?:(?:it'?s|it is|this is|mark(?:ed)? (?:it )?(?:as)?|make it|as|with)\s+)?(?:an?\s+)?\b(urgent(?:ly)?|asap|as soon as possible|high[\s-]+priority|low[\s-]+priority|(?:medium|normal)[\s-]+priority|top priority)\b/i;
  const match = re.exec(phrase);
  if (!match) return { rest: phrase };
  return {
    priority: priorityOf(match[1]),
    rest: `${phrase.slice(0, match.index)} ${phrase.slice(match.index + match[0].length)}`
      .replace(/\s+/g, ' ')
      .trim(),
  };
}

const tidyTitle = (title: string): string =>
  capitalise(
    title
      .replace(/^[\s:,-]+|[\s:,;-]+$/g, '')
      .replace(/^(?:to|that|about|for)\s+/i, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );

const CREATE_TASK =
  /^(?:(?:add|create|make|new|log|open up|put in|set up|start)\b\s*)?(?:(?:a|an|another|one more|one)\s+)?((?:(?:new|quick|urgent|important|high[\s-]priority|low[\s-]priority|medium[\s-]priority|normal[\s-]priority)\s+)*)(?:task|to-?do|reminder)\b(.*)$/i;

const createTask: Handler = (s) => {
  let assigneeMention: string | undefined;
  let phrase: string | undefined;
  let modifiers = '';
  let quoted: string | undefined;
  let remainder = '';
  const m = CREATE_TASK.exec(s.text);
  if (m) {
    modifiers = m[1] ?? '';
    let rest = (m[2] ?? '').trim();
    const quote = /(?:(?:called|titled|named)\s+)?"([^"]+)"/i.exec(rest);
    if (quote) {
      quoted = quote[1];
      remainder = `${rest.slice(0, quote.index)} ${rest.slice(quote.index + quote[0].length)}`;
      rest = '';
    }
    let r: RegExpExecArray | null;
    if (quoted !== undefined) {
      // title given verbatim; the remainder may name an assignee or a date
    } else if ((r = /^(?:called|titled|named|saying)\s+(.+)$/i.exec(rest))) {
      phrase = r[1];
    } else if ((r = /^:\s*(.*)$/.exec(rest))) {
      phrase = r[1];
    } else if ((r = /^for\s+(.+?)\s+to\s+(.+)$/i.exec(rest))) {
      [, assigneeMention, phrase] = r;
    } else if ((r = /^for\s+(.+?)\s*:\s*(.*)$/i.exec(rest))) {
      [, assigneeMention, phrase] = r;
    } else if ((r = /^for\s+(.+)$/i.exec(rest))) {
      // "add a task for Priya" (maybe with a date): the title is missing
      remainder = r[1];
    } else if ((r = /^(?:to|about|re|regarding)\s+(.+)$/i.exec(rest))) {
      phrase = r[1];
    } else {
      phrase = rest;
    }
  } else {
    let r: RegExpExecArray | null;
    if ((r = /^remind\s+(.+?)\s+to\s+(.+)$/i.exec(s.text))) {
      [, assigneeMention, phrase] = r;
    } else if (
      (r =
        /^(?:add|put)\s+(.+?)\s+(?:to|on)\s+(my|[\w.-]+(?:\s+[\w.-]+)?'s)\s+(?:tasks|task list|to-?do list|to-?dos|list|plate)$/i.exec(
          s.text,
        ))
    ) {
      phrase = r[1];
      assigneeMention = /^my$/i.test(r[2]) ? 'me' : r[2].replace(/'s$/, '');
    } else if ((r = /^i\s+(?:need|have|gotta|must)\s+(?:to\s+)?(.+)$/i.exec(s.text))) {
      assigneeMention = 'me';
      phrase = r[1];
    } else if (
      (r = /^(?:ask|tell|have|get)\s+(.+?)\s+to\s+(.+)$/i.exec(s.text)) ||
      (r =
        /^([a-z][\w.-]*(?:\s+[a-z][\w.-]*)?)\s+(?:needs|has|must|should)\s+(?:to\s+)?(.+)$/i.exec(
          s.text,
        ))
    ) {
      // only when the subject is someone we know; "the truck needs to be washed" is not a task for it
      if (!tryParty(s, r[1], true)) return null;
      [, assigneeMention, phrase] = r;
    } else {
      return null;
    }
  }
  s.tool = 'create_task';
  const input: Record<string, unknown> = {};

  // the title phrase without its date, priority and trailing "for <someone>"
  let title = '';
  let dueText = phrase ?? '';
  if (quoted !== undefined) {
    title = quoted;
    dueText = remainder;
  }
  let priority = priorityOf(modifiers);
  const when = extractWhen(dueText, s.ctx);
  if (when) dueText = when.rest;
  const prio = takePriority(dueText);
  if (prio.priority) priority = prio.priority;
  dueText = prio.rest;
  if (quoted === undefined) title = dueText;
  // "… for the maintenance team" / "… for Priya" at the end
  const tail = /\s*\bfor\s+((?:the\s+)?[\w.-]+(?:\s+[\w.-]+)?(?:\s+team)?)\s*$/i.exec(
    quoted !== undefined ? remainder : title,
  );
  if (!assigneeMention && tail) {
    const party = tryParty(s, tail[1], true);
    if (party) {
      assigneeMention = tail[1];
      if (quoted === undefined) title = title.slice(0, tail.index);
    }
  }
  if (!assigneeMention && quoted === undefined && phrase === undefined && remainder.trim()) {
    assigneeMention = (extractWhen(remainder, s.ctx)?.rest ?? remainder).trim();
  }
  if (s.titleOverride !== undefined) title = s.titleOverride;
  title = tidyTitle(title);

  if (assigneeMention) {
    const party = resolveParty(s, assigneeMention, true);
    if (party.kind === 'team') input.teamId = party.id;
    else input.assigneeId = party.id;
  }
  if (!title) {
    throw new Clarification('What should the task be called?', 'title', '');
  }
  input.title = title;
  if (priority) input.priority = priority;
  if (when) input.dueAt = iso(dueInstant(when));
  return tool(s, 'create_task', input);
};

const COMMENT =
  /^(?:(?:add|leave|post|write|put|drop)\s+(?:a\s+)?)?(?:comment|note)\s+(?:on|to|for|in|under)\s+(.+?)(?:\s*:\s*|\s+saying\s+|\s+that\s+says\s+|\s+that\s+reads\s+|\s*,\s*|\s+-+\s+)(.+)$/i;

const comment: Handler = (s) => {
  const m = COMMENT.exec(s.text);
  if (!m) return null;
  s.tool = 'add_task_comment';
  const task = resolveTask(s, m[1]);
  const body = m[2].trim().replace(/^"(.*)"$/, '$1');
  if (!body) throw new Clarification('What should the comment say?', null);
  return tool(s, 'add_task_comment', { taskId: task.id, body });
};

const DELETE = /^(?:delete|remove|cancel|drop|trash|scrap|erase|get rid of|call off|kill)\s+(.+)$/i;

const remove: Handler = (s) => {
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

const taskUpdate: Handler = (s) => {
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

function taskDue(s: State, ref: string, whenText: string): Intent {
  s.tool = 'update_task';
  const id = resolveTask(s, ref).id;
  const when = extractWhen(whenText, s.ctx);
  if (!when) throw new Clarification('When should it be due?', 'time', '');
  return tool(s, 'update_task', { id, dueAt: iso(dueInstant(when)) });
}

/** "what's the status of the tire task", "tell me about it" → get_task. */
const getTask: Handler = (s) => {
  const m =
    /^(?:show(?:\s+me)?|tell\s+me\s+about|what(?:'s|\s+is)\s+(?:the\s+)?(?:status|state)\s+(?:of|on)|status\s+(?:of|on)|details\s+(?:of|for|on)|describe|get|open|how(?:'s|\s+is)|what\s+about|any\s+news\s+on)\s+(.+)$/i.exec(
      s.text,
    );
  if (!m) return null;
  const ref = m[1].replace(/'s\s+(?:comments|details|status|notes|subtasks)$/i, '');
  const core = stripTaskWords(ref);
  const singularTask = /\b(?:task|to-?do)\b/i.test(ref) && !/\btasks\b/i.test(ref);
  const pronoun = PRONOUNS.has(core) && itKind(s) === 'task';
  if (!singularTask && !pronoun) return null;
  if (/'s\b/.test(ref) && !/^(?:the|my|that|this)\b/i.test(ref)) return null;
  s.tool = 'get_task';
  return tool(s, 'get_task', { id: resolveTask(s, ref).id });
};

/** "move X to <when>": an event when X names one (or "it" is an event), a task's due date otherwise. */
const move: Handler = (s) => {
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

const qualityReport: Handler = (s) => {
  if (
    !/\b(?:quality|qa)\s+(?:report|scores?|numbers|summary)\b|\bscorecard report\b/i.test(s.text)
  ) {
    return null;
  }
  s.tool = 'quality_report';
  const campaignId = findCampaign(s, s.text, true);
  const range = extractRange(s.text, s.ctx) ?? weekRange(s);
  const groupBy = /\b(?:by|per)\s+(?:day|date)\b|\bdaily\b/i.test(s.text)
    ? 'DAY'
    : /\b(?:by|per)\s+criteri(?:on|a)\b/i.test(s.text)
      ? 'CRITERION'
      : 'AGENT';
  return tool(s, 'quality_report', {
    campaignId,
    from: iso(range.from),
    to: iso(range.to),
    groupBy,
  });
};

function weekRange(s: State): Range {
  const now = localNow(s.ctx);
  return { from: now.startOf('week'), to: now.startOf('week').plus({ weeks: 1 }), rest: s.text };
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

const calls: Handler = (s) => {
  const uuid = UUID.exec(s.text)?.[0].toLowerCase();
  const thatCall = /\b(?:that|this|the same)\s+call\b|^(?:re)?score\s+it$/i.test(s.text);
  if (
    /^(?:re-?)?score\s+(?:call\b|the call\b|that call\b|this call\b|it\b)|^run\s+(?:the\s+)?scor/i.test(
      s.text,
    )
  ) {
    s.tool = 'score_call';
    const callId = uuid ?? (thatCall ? s.ctx.memory.lastCallId : undefined);
    if (!callId) throw new Clarification('Which call should I score?', null);
    return tool(s, 'score_call', { callId });
  }
  if (
    /\bscor(?:e|ed|es|ing)\b|\brat(?:ed|ing)\b|\bhow did\b.*\bgo\b/i.test(s.text) &&
    /\bcall\b/i.test(s.text)
  ) {
    s.tool = 'get_call_score';
    if (/\b(?:last|latest|most recent|previous|newest)\s+call\b/i.test(s.text)) {
      return tool(s, 'list_calls', { first: 1 }, 'get_call_score');
    }
    const callId = uuid ?? (thatCall ? s.ctx.memory.lastCallId : undefined);
    if (!callId) throw new Clarification('Which call do you mean?', null);
    return tool(s, 'get_call_score', { callId });
  }
  if (/\bcampaigns\b/i.test(s.text) && !/\bcalls\b/i.test(s.text)) {
    s.tool = 'list_campaigns';
    return tool(s, 'list_campaigns', {});
  }
  if (/\bcalls\b/i.test(s.text) && !/^(?:schedule|book|set up|make)\b/i.test(s.text)) {
    s.tool = 'list_calls';
    const input: Record<string, unknown> = {};
    const campaignId = findCampaign(s, s.text, false);
    if (campaignId) input.campaignId = campaignId;
    if (/\bmy\s+calls\b|\bcalls\s+i\b/i.test(s.text) && s.ctx.callerId)
      input.agentId = s.ctx.callerId;
    else {
      const agent = possessiveParty(s, false);
      if (agent) input.agentId = agent.id;
    }
    const range = extractRange(s.text, s.ctx);
    if (range) {
      input.from = iso(range.from);
      input.to = iso(range.to);
    }
    return tool(s, 'list_calls', input);
  }
  return null;
};

const fleet: Handler = (s) => {
  const text = s.text;
  if (
    /^(?:ack|acknowledge|dismiss|clear)\b/i.test(text) &&
    /\balerts?\b|\balarms?\b|^ack/i.test(text)
  ) {
    s.tool = 'acknowledge_alert';
    const vehicle = findVehicle(s, text);
    const chosen = s.chosen['alert:'];
    if (chosen) return tool(s, 'acknowledge_alert', { id: chosen });
    const alerts = (s.ctx.directory.alerts ?? []).filter(
      (a) => !vehicle || a.vehicleId === vehicle.id,
    );
    if (alerts.length === 1) return tool(s, 'acknowledge_alert', { id: alerts[0].id });
    const where = vehicle ? ` for ${vehicle.name}` : '';
    if (alerts.length === 0) throw new Clarification(`There is no open alert${where}.`, null);
    const vehicleName = (id: string | null) =>
      s.ctx.directory.vehicles.find((v) => v.id === id)?.name ?? 'no vehicle';
    const options = alerts.map((a) => ({
      id: a.id,
      label: `${a.kind.toLowerCase().replace(/_/g, ' ')} on ${vehicleName(a.vehicleId)}`,
      hints: [a.kind.replace(/_/g, ' ')],
    }));
    throw new Clarification(
      `There are ${alerts.length} open alerts${where}: ${orList(options.map((o) => o.label))}. Which one?`,
      'alert',
      '',
      options,
    );
  }
  const where = /\bwhere(?:'s|\s+is|\s+are)\b|\blocat(?:e|ion)\b|\bposition\b|\bhow far\b/i.test(
    text,
  );
  if (/\balerts?\b|\balarms?\b/i.test(text)) {
    s.tool = 'list_fleet_alerts';
    const vehicle = findVehicle(s, text);
    const input: Record<string, unknown> = {};
    if (vehicle) input.vehicleId = vehicle.id;
    if (!/\ball\b/i.test(text) || /\bopen|unacknowledged|new\b/i.test(text))
      input.acknowledged = false;
    return tool(s, 'list_fleet_alerts', input);
  }
  if (where || /^(?:find|track)\b/i.test(text)) {
    const pronoun = /\b(?:it|that one)\b/i.test(text) && s.ctx.memory.lastVehicleId;
    if (VEHICLE_MENTION.test(spokenNumbers(text)) || pronoun || findVehicleQuiet(s, text)) {
      s.tool = 'locate_vehicle';
      const vehicle = findVehicle(s, text);
      const vehicleId = vehicle?.id ?? s.ctx.memory.lastVehicleId;
      if (!vehicleId) throw new Clarification('Which vehicle?', 'vehicle', '', []);
      return tool(s, 'locate_vehicle', { vehicleId });
    }
  }
  if (/\b(?:vehicles|fleet|trucks|vans)\b/i.test(text) && !/\btasks?\b/i.test(text)) {
    s.tool = 'list_vehicles';
    return tool(s, 'list_vehicles', {});
  }
  return null;
};

function findVehicleQuiet(s: State, text: string): boolean {
  try {
    return !!findVehicle(s, text);
  } catch {
    return true;
  }
}

const MEETING_NOUNS =
  'meeting|sync|call|chat|catch[\\s-]?up|1:1|one[\\s-]on[\\s-]one|review|standup|stand-up|check[\\s-]?in|huddle|interview|lunch|coffee|session|demo|event|appointment|discussion|briefing|walkthrough|retro|retrospective|training';

const CREATE_EVENT = new RegExp(
  `^(?:schedule|set up|setup|book|arrange|plan|organi[sz]e|put|add|create|make|set)\\s+(?:me\\s+)?(?:(?:a|an|another)\\s+)?(.*)$`,
  'i',
);

const createEvent: Handler = (s) => {
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

const freeSlots: Handler = (s) => {
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

const listEvents: Handler = (s) => {
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

const listTasks: Handler = (s) => {
  const text = s.text;
  if (
    !/\bplate\b|\boverdue\b|\blate\b|\bworking on\b|\btasks\b|\bto-?dos\b|\bto-?do list\b|\bbacklog\b|\bwhat(?:'s| is)\s+(?:left|pending|open|due)\b/i.test(
      text,
    )
  ) {
    return null;
  }
  s.tool = 'list_tasks';
  const input: Record<string, unknown> = {};
  let m: RegExpExecArray | null;
  let party: Party | null = null;
  if (
    (m = /\b(?:the\s+)?([\w-]+)\s+team\b/i.exec(text)) &&
    matchTeam(s.ctx.directory, m[1].toLowerCase()).length
  ) {
    party = { kind: 'team', id: matchTeam(s.ctx.directory, m[1].toLowerCase())[0].id };
  } else if ((m = /\bwhat(?:\s+is|'s|\s+are)\s+(.+?)\s+working\s+on\b/i.exec(text))) {
    party = resolveParty(s, m[1], true);
  } else if (
    (m =
      /\b(?:does|do|has|have|did)\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)\s+(?:have|got|own)\b/.exec(
        text,
      ))
  ) {
    party = resolveParty(s, m[1], true);
  } else if ((party = possessiveParty(s, true))) {
    // "Priya's tasks"
  } else if ((m = /\b(?:assigned\s+to|for|of)\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)/.exec(text))) {
    party = resolveParty(s, m[1], true);
  } else if (
    /\b(?:my|me|i|mine)\b/i.test(text.replace(/\b(?:show|tell|give|let|get)\s+me\b/gi, ''))
  ) {
    party = resolveParty(s, 'me', false);
  }
  if (party?.kind === 'team') input.teamId = party.id;
  else if (party) input.assigneeId = party.id;

  const statuses: string[] = [];
  if (/\bblocked\b|\bstuck\b/i.test(text)) statuses.push('BLOCKED');
  if (/\bin[\s-]progress\b/i.test(text)) statuses.push('IN_PROGRESS');
  if (/\b(?:done|completed|finished|closed)\b/i.test(text)) statuses.push('DONE');
  if (/\bcancell?ed\b/i.test(text)) statuses.push('CANCELLED');
  input.status = statuses.length ? statuses : [...OPEN_STATUSES];
  const priority = /\burgent\b/i.test(text)
    ? 'URGENT'
    : /\bhigh[\s-]priority\b/i.test(text)
      ? 'HIGH'
      : /\blow[\s-]priority\b/i.test(text)
        ? 'LOW'
        : undefined;
  if (priority) input.priority = [priority];
  if (/\boverdue\b|\blate\b|\bpast due\b/i.test(text)) {
    input.dueBefore = iso(localNow(s.ctx));
  } else if (/\bdue\b/i.test(text)) {
    const range = extractRange(text, s.ctx);
    if (range) {
      input.dueAfter = iso(range.from);
      input.dueBefore = iso(range.to);
    }
  }
  return tool(s, 'list_tasks', input);
};

const directory: Handler = (s) => {
  const text = s.text;
  if (/\bteams\b/i.test(text) && /\b(?:list|show|what|which|all)\b/i.test(text)) {
    s.tool = 'list_teams';
    return tool(s, 'list_teams', {});
  }
  let m: RegExpExecArray | null;
  if (
    (m =
      /(?<![\w'])([A-Za-z][\w.-]*(?:\s+[A-Z][\w.-]*)?)'s\s+(?:e-?mail|phone|number|contact|role|details)\b/i.exec(
        text,
      )) ||
    (m =
      /\b(?:e-?mail|phone|number|contact details|role)\s+(?:address\s+)?(?:of|for)\s+([A-Za-z][\w.-]*(?:\s+[A-Z][\w.-]*)?)/i.exec(
        text,
      )) ||
    (m =
      /^(?:who\s+is|who's|find|look up|lookup|search for)\s+([A-Za-z][\w.-]*(?:\s+[A-Z][\w.-]*)?)$/i.exec(
        text,
      ))
  ) {
    s.tool = 'find_members';
    return tool(s, 'find_members', { query: m[1].trim() });
  }
  if (
    /\b(?:members|people|staff|colleagues|employees|everyone)\b/i.test(text) &&
    /\b(?:list|show|who|all)\b/i.test(text)
  ) {
    s.tool = 'find_members';
    return tool(s, 'find_members', {});
  }
  return null;
};

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

const CANCEL_ANSWER = /^(?:never\s?mind|forget it|cancel|stop|no|nothing|skip it)$/i;
const ORDINALS: Record<string, number> = {
  first: 0,
  '1st': 0,
  one: 0,
  '1': 0,
  second: 1,
  '2nd': 1,
  two: 1,
  '2': 1,
  third: 2,
  '3rd': 2,
  three: 2,
  '3': 2,
  former: 0,
  latter: 1,
  last: -1,
};

/** The option an answer picks ("Marcus Lee", "the one in dispatch", "the second"), or null. */
function pickOption(
  answer: string,
  pending: PendingClarification,
  ctx: ParseContext,
): string | null {
  const options = pending.options ?? [];
  const key = normalKey(answer);
  const exact = options.filter((o) => normalKey(o.label) === key);
  if (exact.length === 1) return exact[0].id;
  const words = refTokens(answer).filter(
    (w) => !['from', 'team', 'who', 'is', 'works', 'guy', 'person', 'lady', 'called'].includes(w),
  );
  if (options.length > 0) {
    const ordinal = words.length === 1 ? ORDINALS[words[0]] : undefined;
    if (ordinal !== undefined) return options.at(ordinal)?.id ?? null;
    const found = matchAll(words, options, (o) =>
      refTokens([o.label, ...(o.hints ?? [])].join(' ')),
    );
    return found.length === 1 ? found[0].id : null;
  }
  // no list offered: the answer names the thing itself
  const directory = ctx.directory;
  switch (pending.slot) {
    case 'person': {
      if (SELF.has(key) && ctx.callerId) return ctx.callerId;
      const team = matchTeam(directory, key);
      if (team.length === 1 && looksLikeTeam(key)) return team[0].id;
      const members = matchMembers(directory, key);
      return members.length === 1 ? members[0].id : null;
    }
    case 'task': {
      const found = matchAll(words, directory.tasks, (t) => refTokens(t.title));
      return found.length === 1 ? found[0].id : null;
    }
    case 'event': {
      const found = matchAll(words, directory.events, (e) => refTokens(e.title));
      const ids = [...new Set(found.map((e) => e.id))];
      return ids.length === 1 ? ids[0] : null;
    }
    case 'vehicle': {
      const found = directory.vehicles.filter((v) => compact(v.name) === compact(answer));
      return found.length === 1 ? found[0].id : null;
    }
    case 'campaign': {
      const found = matchAll(words, directory.campaigns, (c) => refTokens(c.name));
      return found.length === 1 ? found[0].id : null;
    }
    case 'alert':
    case 'body':
    case 'time':
    case 'title':
      return null;
  }
}

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
