import { extractRange, extractWhen, localNow, type Range } from './builtin-dates';
import { Clarification, type State } from './builtin-parse-state';
import { refTokens, tokenMatches, matchAll, normalKey, PRONOUNS, orList } from './builtin-text';
import type { Directory } from './builtin-types';

// Resolving tasks, events, vehicles and campaigns named in a request; ambiguity → a question.

// ---------------------------------------------------------------------------
// tasks, events, vehicles, campaigns

export function itKind(s: State): 'task' | 'event' | 'vehicle' | 'call' | undefined {
  const memory = s.ctx.memory;
  if (memory.builtin?.lastKind) return memory.builtin.lastKind;
  if (memory.lastTaskId) return 'task';
  if (memory.lastEventId) return 'event';
  return undefined;
}

export const stripTaskWords = (phrase: string): string =>
  normalKey(phrase)
    .replace(/^(?:the|my|our|that|this)\s+/, '')
    .replace(/\b(?:task|to-?do|item)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** An open task named in the request ("the tire samples task", "it"). */
export function resolveTask(s: State, phrase: string): { id: string; title?: string } {
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

export function findEvents(s: State, phrase: string, range: Range | null): Occurrence[] {
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
export function resolveEvent(s: State, phrase: string, range: Range | null): Occurrence {
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

export const VEHICLE_MENTION =
  /\b(truck|van|car|bus|trailer|vehicle|unit|rig|lorry)\s*(?:number\s+|no\.?\s*|#)?\s*(\d+)\b/i;

export const compact = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

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
export function spokenNumbers(text: string): string {
  return text.replace(
    /\b(truck|van|car|bus|trailer|vehicle|unit|rig|lorry)\s+(?:number\s+)?([a-z]+)\b/gi,
    (whole, kind: string, word: string) => {
      const n = NUMBER_NAMES.indexOf(word.toLowerCase());
      return n >= 0 ? `${kind} ${n}` : whole;
    },
  );
}

/** A vehicle named in the text: undefined when none is mentioned; a question when unknown. */
export function findVehicle(s: State, spoken: string): { id: string; name: string } | undefined {
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
  const bare = /\bthe\s+(truck|van|car|bus|trailer|lorry)\b(?!\s*#?\s*\d)/i.exec(text);
  if (!mention && bare) {
    // "where is the van": fine when the fleet has one
    const kind = bare[1].toLowerCase();
    const found = s.ctx.directory.vehicles.filter((v) => v.name.toLowerCase().startsWith(kind));
    if (found.length === 1) return found[0];
    throw new Clarification(
      found.length > 1
        ? `Which ${kind}: ${orList(found.map((v) => v.name))}?`
        : `I can't find a ${kind} in your fleet. Which vehicle do you mean?`,
      'vehicle',
      '',
      found.map((v) => ({ id: v.id, label: v.name })),
    );
  }
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
export function findCampaign(s: State, text: string, required: boolean): string | undefined {
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
