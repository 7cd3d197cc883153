/**
 * Transcript redaction (PCI DSS: no card data in storage): a pure function
 * over speaker-labelled segments that replaces, before anything is stored or
 * sent to a model,
 *
 * - payment card numbers — 13 to 19 digits passing the Luhn check — with
 *   `[card number]`;
 * - security codes (3–4 digits) and expiry dates (MM/YY, MM/YYYY, MMYY,
 *   "oh nine twenty seven", "September twenty seven") said near a card
 *   number or near words such as "security code", "CVV", "expiry", with
 *   `[security code]` and `[expiry date]`;
 * - US social security numbers — ###-##-#### anywhere, and 9 digits (or the
 *   last four) near "social" or "SSN" — with `[ssn]`;
 * - bank account and routing numbers — 6 to 17 digits near "account number",
 *   "routing number", "bank account"… — with `[account number]`.
 *
 * Numbers may be written ("4111 1111-1111 1111") or spoken as words: the
 * digits zero to nine ("oh", "o", "zero", "nought" are 0), "double four"
 * (44), "triple two" (222), the teens ("eleven" is 11) and the tens with an
 * optional unit ("twenty seven", "forty-one": 27, 41); "slash" joins like
 * "/" ("oh nine slash twenty seven"). "um"/"uh" inside a number are skipped. Hundreds and thousands ("four hundred") are not read
 * as digits, so a number spoken that way is not recognised. A number may run
 * on into the next segment when the same speaker says it (consecutive
 * segments); keywords ("what's the security code?") count from the previous
 * segment too, whoever said them.
 *
 * Kept on purpose (lookalikes): a long number failing the Luhn check (an
 * order number), phone numbers ((555) 123-4567, 555-123-4567, +1 555 …),
 * dates (2026-05-01, 05/01/2026, and MM/YY with no card or expiry word near),
 * amounts ($1,234.56, "40 dollars", "15 percent") and any short number said
 * away from card, SSN and account words.
 */

import {
  ACCOUNT_KEYWORDS,
  DIGIT_WORDS,
  EXPIRY_KEYWORDS,
  FILLERS,
  Keyword,
  MONTHS,
  REPEATERS,
  SECURITY_CODE_KEYWORDS,
  SSN_KEYWORDS,
  TEEN_WORDS,
  TENS_WORDS,
  UNIT_WORDS,
} from './redaction-vocabulary';

export type RedactionKind = 'card' | 'securityCode' | 'expiry' | 'ssn' | 'account';

export const REDACTION_MARKERS: Record<RedactionKind, string> = {
  card: '[card number]',
  securityCode: '[security code]',
  expiry: '[expiry date]',
  ssn: '[ssn]',
  account: '[account number]',
};

export interface RedactableSegment {
  speaker: string;
  text: string;
}

export interface RedactionResult<T extends RedactableSegment> {
  segments: T[];
  /** How many numbers were replaced (a number spanning two segments counts once). */
  redactions: number;
  byKind: Record<RedactionKind, number>;
}

/** How far (in words) a security code or expiry date may be from a card number. */
const CARD_REACH_AFTER = 25;
const CARD_REACH_BEFORE = 8;
/** Longest number run examined (in items): bounds the window search. */
const MAX_RUN_ITEMS = 64;

interface Token {
  kind: 'word' | 'digits' | 'other';
  text: string;
  lower: string;
  segment: number;
  start: number;
  end: number;
  /** Index among word and digit tokens of the whole transcript. */
  word: number;
}

/** One piece of a spoken or written number: its digits and where it was said. */
interface Item {
  digits: string;
  segment: number;
  start: number;
  end: number;
  firstWord: number;
  lastWord: number;
  /** Written with figures (not words). */
  written: boolean;
}

interface Run {
  items: Item[];
  /** The separator before each item after the first ('-', '/', ' ', ','). */
  joins: string[];
}

interface Finding {
  kind: RedactionKind;
  items: Item[];
  /** Extra spans (a month name before a year). */
  extra?: Array<{ segment: number; start: number; end: number }>;
}

const digitsOf = (items: readonly Item[]): string => items.map((item) => item.digits).join('');

/** The Luhn checksum of a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Whether a number inside a longer run looks like a card of a known network
 * (prefix and length): used only when the run as a whole is not a card, so
 * that a card number followed by its expiry date is still found, without
 * reading a card into every long order number.
 */
function knownNetwork(digits: string): boolean {
  const length = digits.length;
  const prefix = (n: number) => Number(digits.slice(0, n));
  if (digits.startsWith('4')) return length === 16 || length === 19; // Visa
  if (/^3[47]/.test(digits)) return length === 15; // American Express
  const two = prefix(2);
  const four = prefix(4);
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16; // Mastercard
  if (digits.startsWith('6011') || digits.startsWith('65') || /^64[4-9]/.test(digits)) {
    return length >= 16 && length <= 19; // Discover
  }
  if (digits.startsWith('62')) return length >= 16 && length <= 19; // UnionPay
  if (/^35(2[89]|[3-8])/.test(digits)) return length >= 16 && length <= 19; // JCB
  return false;
}

/** Whether the run reads as an expiry date: MM/YY, MM/YYYY, MM-YY, MMYY, MYY, MMYYYY. */
function expiryShape(run: Run): boolean {
  const { items, joins } = run;
  const valid = (month: number, year: string) =>
    month >= 1 && month <= 12 && (year.length === 2 || /^20\d\d$/.test(year));
  if (joins.includes('/') || (items.length === 2 && joins[0] === '-' && items[0].written)) {
    if (items.length !== 2) return false;
    return items[0].digits.length <= 2 && valid(Number(items[0].digits), items[1].digits);
  }
  const digits = digitsOf(items);
  if (digits.length === 3) return valid(Number(digits.slice(0, 1)), digits.slice(1));
  if (digits.length === 4) return valid(Number(digits.slice(0, 2)), digits.slice(2));
  if (digits.length === 6) return valid(Number(digits.slice(0, 2)), digits.slice(2));
  return false;
}

function tokenize(segments: readonly RedactableSegment[]): Token[] {
  const tokens: Token[] = [];
  let word = 0;
  segments.forEach((segment, index) => {
    const pattern = /[A-Za-z0-9']+|\s+|[^A-Za-z0-9'\s]/g;
    for (const match of segment.text.matchAll(pattern)) {
      const text = match[0];
      const start = match.index;
      const isWord = /^[A-Za-z0-9']+$/.test(text);
      const kind = /^\d+$/.test(text) ? 'digits' : isWord ? 'word' : 'other';
      tokens.push({
        kind,
        text,
        lower: text.toLowerCase(),
        segment: index,
        start,
        end: start + text.length,
        word: isWord ? word++ : -1,
      });
    }
  });
  return tokens;
}

/**
 * Character spans never read as a code, an SSN or an account number: phone
 * numbers, full dates and amounts.
 */
function protectedSpans(text: string): Array<[number, number]> {
  const patterns = [
    /(?:\+?1[\s.-]?)?\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b/g,
    /\b(?:\+?1[\s.-])?\d{3}[.-]\d{3}[.-]\d{4}\b/g,
    /\+1\s\d{3}\s\d{3}\s\d{4}\b/g,
    /\b\d{4}-\d{1,2}-\d{1,2}\b/g,
    /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g,
    /[$€£]\s?\d[\d,]*(?:\.\d+)?/g,
    /\b\d[\d,]*\.\d+\b/g,
    /\b\d{1,3}(?:,\d{3})+\b/g,
    /\b\d+(?:\.\d+)?\s?%/g,
  ];
  const spans: Array<[number, number]> = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern))
      spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

/**
 * Splits the token stream into number runs: digit items joined by spaces,
 * hyphens, slashes or a comma and a space, running on into the next segment
 * when the same speaker goes on.
 */
function numberRuns(tokens: readonly Token[], segments: readonly RedactableSegment[]): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  let pendingJoin: string | null = null;
  let lastSegment = -1;
  const close = () => {
    if (current && current.items.length > 0) runs.push(current);
    current = null;
    pendingJoin = null;
  };
  const add = (item: Item) => {
    if (current && pendingJoin !== null && current.items.length < MAX_RUN_ITEMS) {
      current.items.push(item);
      current.joins.push(pendingJoin);
    } else {
      close();
      current = { items: [item], joins: [] };
    }
    pendingJoin = '';
    lastSegment = item.segment;
  };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.segment !== lastSegment && current) {
      const sameSpeaker =
        token.segment === lastSegment + 1 &&
        segments[token.segment].speaker === segments[lastSegment].speaker;
      if (!sameSpeaker) close();
      else pendingJoin = ' ';
      lastSegment = token.segment;
    }
    if (token.kind === 'other') {
      if (pendingJoin === null) continue;
      const text = token.text;
      if (/^\s+$/.test(text)) pendingJoin = pendingJoin === '' ? ' ' : pendingJoin;
      else if (text === '-' || text === '/') {
        if (pendingJoin === '' || pendingJoin === ' ') pendingJoin = text;
        else close();
      } else if (text === ',' && /^\s/.test(tokens[index + 1]?.text ?? '')) pendingJoin = ',';
      else close();
      continue;
    }
    if (token.kind === 'digits') {
      add({
        digits: token.text,
        segment: token.segment,
        start: token.start,
        end: token.end,
        firstWord: token.word,
        lastWord: token.word,
        written: true,
      });
      continue;
    }
    const word = token.lower;
    const spoken = (digits: string, last: Token) =>
      add({
        digits,
        segment: token.segment,
        start: token.start,
        end: last.end,
        firstWord: token.word,
        lastWord: last.word,
        written: false,
      });
    if (word in DIGIT_WORDS) {
      spoken(DIGIT_WORDS[word], token);
    } else if (word in TEEN_WORDS) {
      spoken(TEEN_WORDS[word], token);
    } else if (word in TENS_WORDS) {
      // "twenty seven", "forty-one": one two-digit item.
      const separator = tokens[index + 1];
      const unit = tokens[index + 2];
      const joined =
        separator?.segment === token.segment &&
        (separator.text === '-' || /^\s+$/.test(separator.text)) &&
        unit?.kind === 'word' &&
        unit.lower in DIGIT_WORDS &&
        DIGIT_WORDS[unit.lower] !== '0';
      if (joined) {
        spoken(TENS_WORDS[word] + DIGIT_WORDS[unit.lower], unit);
        index += 2;
      } else {
        spoken(`${TENS_WORDS[word]}0`, token);
      }
    } else if (word in REPEATERS) {
      // "double four": the digit word after it, repeated.
      const space = tokens[index + 1];
      const next = tokens[index + 2];
      if (space && /^\s+$/.test(space.text) && next?.kind === 'word' && next.lower in DIGIT_WORDS) {
        spoken(DIGIT_WORDS[next.lower].repeat(REPEATERS[word]), next);
        index += 2;
      } else if (
        space &&
        /^\s+$/.test(space.text) &&
        next?.kind === 'digits' &&
        next.text.length === 1
      ) {
        spoken(next.text.repeat(REPEATERS[word]), next);
        index += 2;
      } else {
        close();
      }
    } else if (word === 'slash' && current && (pendingJoin === '' || pendingJoin === ' ')) {
      // "oh nine slash twenty seven"
      pendingJoin = '/';
    } else if (FILLERS.has(word) && current) {
      // "four one, um, one one": the filler is skipped.
      pendingJoin = pendingJoin ?? ' ';
    } else {
      close();
    }
  }
  close();
  return runs;
}

/** Word positions of each keyword phrase in the transcript. */
function keywordHits(tokens: readonly Token[], list: readonly Keyword[]) {
  const words = tokens.filter((token) => token.kind !== 'other');
  const hits: Array<{ first: number; last: number; segment: number; keyword: Keyword }> = [];
  for (let index = 0; index < words.length; index++) {
    for (const keyword of list) {
      const matches = keyword.words.every((part, offset) => words[index + offset]?.lower === part);
      if (matches) {
        hits.push({
          first: words[index].word,
          last: words[index + keyword.words.length - 1].word,
          segment: words[index].segment,
          keyword,
        });
      }
    }
  }
  return hits;
}

type Hits = ReturnType<typeof keywordHits>;

/**
 * Distance in words from the nearest keyword to the items (half a word more
 * for a keyword after them), or null when none reaches them.
 */
function keywordDistance(hits: Hits, items: readonly Item[]): number | null {
  const first = items[0].firstWord;
  const last = items[items.length - 1].lastWord;
  let best: number | null = null;
  for (const hit of hits) {
    let distance: number | null = null;
    if (hit.last < first && first - hit.last <= hit.keyword.before) distance = first - hit.last;
    else if (
      hit.first > last &&
      hit.first - last <= hit.keyword.after &&
      hit.segment === items[items.length - 1].segment
    ) {
      // A keyword after the number names it in the same breath ("731 is the CVV");
      // on a tie the keyword before wins ("exp 0927 cvv 123").
      distance = hit.first - last + 0.5;
    }
    if (distance !== null && (best === null || distance < best)) best = distance;
  }
  return best;
}

/**
 * Finds a card number in the run: the whole run when it has 13–19 digits
 * and passes Luhn; otherwise the earliest, shortest window of items that
 * passes Luhn and looks like a known network's card (a 16-digit card read
 * out with its expiry date and code in one breath).
 */
function findCard(items: readonly Item[]): [number, number] | null {
  const whole = digitsOf(items);
  if (whole.length >= 13 && whole.length <= 19 && luhnValid(whole)) return [0, items.length];
  if (whole.length < 15) return null;
  for (let from = 0; from < items.length; from++) {
    let digits = '';
    for (let to = from; to < items.length; to++) {
      digits += items[to].digits;
      if (digits.length > 19) break;
      if (digits.length >= 15 && luhnValid(digits) && knownNetwork(digits)) return [from, to + 1];
    }
  }
  return null;
}

/**
 * An expiry date and a security code said in one breath ("oh nine twenty
 * seven, one two three"): the two parts, cut preferably at a comma, or null.
 */
function splitExpiryAndCode(run: Run): Run[] | null {
  const { items, joins } = run;
  const total = digitsOf(items).length;
  if (total < 6 || total > 8 || items.length < 2) return null;
  let fallback: Run[] | null = null;
  for (let cut = 1; cut < items.length; cut++) {
    const left: Run = { items: items.slice(0, cut), joins: joins.slice(0, cut - 1) };
    const right: Run = { items: items.slice(cut), joins: joins.slice(cut) };
    const isDate = (part: Run) => expiryShape(part) && digitsOf(part.items).length !== 3;
    const isCode = (part: Run) => [3, 4].includes(digitsOf(part.items).length);
    if ((isDate(left) && isCode(right)) || (isCode(left) && isDate(right))) {
      if (joins[cut - 1] === ',') return [left, right];
      fallback ??= [left, right];
    }
  }
  return fallback;
}

/** A written ###-##-#### (or ### ## ####) number that could be an SSN. */
function ssnShape(run: Run): boolean {
  const { items, joins } = run;
  if (items.length !== 3 || !items.every((item) => item.written)) return false;
  if (items.map((item) => item.digits.length).join() !== '3,2,4') return false;
  const [area, group, serial] = items.map((item) => item.digits);
  if (area === '000' || area === '666' || area.startsWith('9')) return false;
  if (group === '00' || serial === '0000') return false;
  return joins.every((join) => join === '-') || joins.every((join) => join === ' ');
}

/** Redacts card numbers, security codes, expiry dates, SSNs and account numbers. */
export function redactTranscript<T extends RedactableSegment>(
  segments: readonly T[],
): RedactionResult<T> {
  const tokens = tokenize(segments);
  const runs = numberRuns(tokens, segments);
  const guarded = segments.map((segment) => protectedSpans(segment.text));
  const isProtected = (items: readonly Item[]) =>
    items.some((item) =>
      guarded[item.segment].some(([start, end]) => item.start < end && item.end > start),
    );
  const wordAt = new Map<number, Token>();
  for (const token of tokens) if (token.word >= 0) wordAt.set(token.word, token);
  const followedByUnit = (items: readonly Item[]) => {
    const next = wordAt.get(items[items.length - 1].lastWord + 1);
    return next !== undefined && UNIT_WORDS.has(next.lower);
  };
  const securityHits = keywordHits(tokens, SECURITY_CODE_KEYWORDS);
  const expiryHits = keywordHits(tokens, EXPIRY_KEYWORDS);
  const ssnHits = keywordHits(tokens, SSN_KEYWORDS);
  const accountHits = keywordHits(tokens, ACCOUNT_KEYWORDS);

  const findings: Finding[] = [];
  const rest: Run[] = [];
  for (const run of runs) {
    const card = findCard(run.items);
    if (!card) {
      rest.push(run);
      continue;
    }
    const [from, to] = card;
    findings.push({ kind: 'card', items: run.items.slice(from, to) });
    if (from > 0)
      rest.push({ items: run.items.slice(0, from), joins: run.joins.slice(0, from - 1) });
    if (to < run.items.length)
      rest.push({ items: run.items.slice(to), joins: run.joins.slice(to) });
  }
  const cards = findings.map((finding) => ({
    first: finding.items[0].firstWord,
    last: finding.items[finding.items.length - 1].lastWord,
  }));
  const nearCard = (items: readonly Item[]) =>
    cards.some(
      (card) =>
        (items[0].firstWord > card.last && items[0].firstWord - card.last <= CARD_REACH_AFTER) ||
        (items[items.length - 1].lastWord < card.first &&
          card.first - items[items.length - 1].lastWord <= CARD_REACH_BEFORE),
    );

  for (let index = 0; index < rest.length; index++) {
    const run = rest[index];
    const { items } = run;
    const digits = digitsOf(items);
    const split = splitExpiryAndCode(run);
    if (split && !isProtected(items) && (nearCard(items) || near(items))) {
      rest.push(...split);
      continue;
    }
    if (ssnShape(run)) {
      findings.push({ kind: 'ssn', items });
      continue;
    }
    if (isProtected(items) || followedByUnit(items)) continue;
    const ssnDistance = keywordDistance(ssnHits, items);
    if (ssnDistance !== null && (digits.length === 9 || digits.length === 4)) {
      findings.push({ kind: 'ssn', items });
      continue;
    }
    const securityDistance = keywordDistance(securityHits, items);
    const expiryDistance = keywordDistance(expiryHits, items);
    const closeToCard = nearCard(items);
    const expiry = expiryShape(run);
    const codeLike = digits.length === 3 || digits.length === 4;
    if (
      expiry &&
      expiryDistance !== null &&
      (securityDistance === null || expiryDistance < securityDistance)
    ) {
      findings.push({ kind: 'expiry', items, extra: monthBefore(items) });
      continue;
    }
    if (codeLike && securityDistance !== null) {
      findings.push({ kind: 'securityCode', items });
      continue;
    }
    const monthSpan = monthBefore(items);
    if ((expiryDistance !== null || closeToCard) && monthSpan && /^(\d\d|20\d\d)$/.test(digits)) {
      // "September twenty seven", "expires March 2028".
      findings.push({ kind: 'expiry', items, extra: monthSpan });
      continue;
    }
    if (closeToCard && (expiry || codeLike)) {
      const slashed = run.joins.includes('/');
      const kind = slashed || (expiry && digits.length !== 3) ? 'expiry' : 'securityCode';
      findings.push({ kind, items });
      continue;
    }
    if (digits.length >= 6 && digits.length <= 17 && keywordDistance(accountHits, items) !== null) {
      findings.push({ kind: 'account', items });
    }
  }

  /** A card keyword (security code or expiry) reaches the items. */
  function near(items: readonly Item[]): boolean {
    return (
      keywordDistance(securityHits, items) !== null || keywordDistance(expiryHits, items) !== null
    );
  }

  /** The month name just before the first item ("September twenty seven"), if any. */
  function monthBefore(items: readonly Item[]) {
    const previous = wordAt.get(items[0].firstWord - 1);
    if (!previous || !MONTHS.has(previous.lower)) return undefined;
    return [{ segment: previous.segment, start: previous.start, end: previous.end }];
  }

  return apply(segments, findings);
}

function apply<T extends RedactableSegment>(
  segments: readonly T[],
  findings: readonly Finding[],
): RedactionResult<T> {
  const byKind: Record<RedactionKind, number> = {
    card: 0,
    securityCode: 0,
    expiry: 0,
    ssn: 0,
    account: 0,
  };
  const spans: Array<Array<{ start: number; end: number; marker: string }>> = segments.map(
    () => [],
  );
  for (const finding of findings) {
    byKind[finding.kind]++;
    const marker = REDACTION_MARKERS[finding.kind];
    const perSegment = new Map<number, { start: number; end: number }>();
    const parts = [...finding.items, ...(finding.extra ?? [])];
    for (const part of parts) {
      const span = perSegment.get(part.segment);
      if (!span) perSegment.set(part.segment, { start: part.start, end: part.end });
      else {
        span.start = Math.min(span.start, part.start);
        span.end = Math.max(span.end, part.end);
      }
    }
    for (const [segment, span] of perSegment) spans[segment].push({ ...span, marker });
  }
  const redacted = segments.map((segment, index) => {
    const list = spans[index].sort((a, b) => b.start - a.start);
    if (list.length === 0) return segment;
    let text = segment.text;
    for (const span of list) text = text.slice(0, span.start) + span.marker + text.slice(span.end);
    return { ...segment, text };
  });
  return { segments: redacted, redactions: findings.length, byKind };
}
