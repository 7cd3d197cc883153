// Text helpers for the built-in parser: cleaning, tokens, matching and list wording.

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

export const capitalise = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);

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

export function refTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((t) => t && !REF_STOP.has(t));
}

/** "tire" ~ "tires", "brake" ~ "brakes"; short words must be equal. */
export function tokenMatches(query: string, target: string): boolean {
  if (query === target) return true;
  if (query.length >= 3 && target.startsWith(query)) return true;
  if (target.length >= 3 && query.startsWith(target) && query.length - target.length <= 2) {
    return true;
  }
  return false;
}

/** Items whose label contains every query token. */
export function matchAll<T>(query: string[], items: T[], label: (item: T) => string[]): T[] {
  if (query.length === 0) return [];
  return items.filter((item) => {
    const words = label(item);
    return query.every((q) => words.some((w) => tokenMatches(q, w)));
  });
}

export const normalKey = (s: string): string =>
  s
    .toLowerCase()
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9@.\s-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export const PRONOUNS = new Set([
  'it',
  'that',
  'this',
  'that one',
  'this one',
  'the same one',
  'same',
]);

export const orList = (labels: string[]): string =>
  labels.length <= 1
    ? (labels[0] ?? '')
    : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;

export const andList = (labels: string[]): string =>
  labels.length <= 1
    ? (labels[0] ?? '')
    : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;

export const tidyTitle = (title: string): string =>
  capitalise(
    title
      .replace(/^[\s:,-]+|[\s:,;-]+$/g, '')
      .replace(/^(?:to|that|about|for)\s+/i, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
