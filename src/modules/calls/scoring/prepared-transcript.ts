import { Speaker } from '../calls.enums';
import { normalisePhrase } from '../campaigns/criteria';
import { Segment } from './call-metrics';

/**
 * One transcript tokenised once, for every criterion and metric that reads
 * it: every word of every segment, in order, as two small integer ids — the
 * normalised word itself (phrase rules) and its stem (the built-in judge).
 */
export interface PreparedTranscript {
  /** Each distinct normalised word's id (0, 1, 2, … in order of first use). */
  wordIds: Map<string, number>;
  /** Each distinct stem's id (0, 1, 2, … in order of first use). */
  stemIds: Map<string, number>;
  /**
   * The word ids of all words in transcript order. A segment without words
   * contributes a single -1, which no phrase spans (as the space-joined stem
   * text it replaces had a double space there).
   */
  words: Int32Array;
  /** The stem id of each entry of `words` (-1 where that is -1). */
  sequence: Int32Array;
  /** Segment i's words are `words[starts[i] .. starts[i + 1])` (and the same of `sequence`). */
  starts: Int32Array;
  /** Words of the agent's segments in the positive and the negative tone lexicon. */
  agentPositive: number;
  agentNegative: number;
}

export const POSITIVE = new Set(
  `thank thanks thankyou appreciate glad happy pleasure great excellent perfect wonderful certainly
  absolutely sure welcome sorry apologize apologise understand help helping resolved resolve fixed
  right correct good kind please delighted`
    .split(/\s+/)
    .filter(Boolean),
);

export const NEGATIVE = new Set(
  `no not never cannot can't won't wont don't dont unfortunately impossible stupid ridiculous shut
  whatever wrong bad terrible awful hate angry annoyed problem refuse refused useless idiot`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * A crude stem so "greeting", "greeted" and "greets" meet at "greet": the
 * longest of -ing, -ed, -es, -ly, -s dropped (what `/(ing|ed|es|s|ly)$/`
 * removes), unless nothing would be left. No regex: it runs once per word.
 */
export function stem(word: string): string {
  const n = word.length;
  let cut = 0;
  if (word.endsWith('ing')) cut = 3;
  else if (word.endsWith('ed') || word.endsWith('es') || word.endsWith('ly')) cut = 2;
  else if (word.endsWith('s')) cut = 1;
  return cut === 0 || cut === n ? word : word.slice(0, n - cut);
}

export const wordsOf = (text: string): string[] => {
  const normalised = normalisePhrase(text);
  return normalised === '' ? [] : normalised.split(' ');
};

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** a-z and 0-9: what normalisePhrase keeps of ASCII text (A-Z lower-cased). */
const isWordCode = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Whether `text[from..to)`, lower-cased (A-Z only), is `word`. */
function sameWord(word: string, text: string, from: number, to: number): boolean {
  if (word.length !== to - from) return false;
  for (let k = 0; k < word.length; k += 1) {
    let code = text.charCodeAt(from + k);
    if (code >= 65 && code <= 90) code += 32;
    if (code !== word.charCodeAt(k)) return false;
  }
  return true;
}

const prepared = new WeakMap<readonly Segment[], PreparedTranscript>();

/**
 * A transcript tokenised once per scoring, however many criteria read it
 * (memoised on the segments array, so it lives as long as the job's copy).
 * One pass: ASCII text (most transcripts) is split into the words
 * normalisePhrase would keep by scanning its character codes, and a word
 * met before in the transcript is found (in a Map) by a hash of its
 * characters without making a string; other text goes through
 * normalisePhrase. Each distinct word of the transcript is stemmed and
 * looked up in the tone lexicons once.
 */
export function prepare(segments: readonly Segment[]): PreparedTranscript {
  const known = prepared.get(segments);
  if (known) return known;
  const wordIds = new Map<string, number>();
  const stemIds = new Map<string, number>();
  /** By word id: its stem id, and its tone (+1 positive, -1 negative, 0 neither). */
  const wordStem: number[] = [];
  const wordTone: number[] = [];
  /** By word id: the word. */
  const wordList: string[] = [];
  /** A word id by the hash of its word (the first word with that hash). */
  const byHash = new Map<number, number>();
  const starts = new Int32Array(segments.length + 1);
  let words = new Int32Array(Math.max(16, segments.length * 16));
  let length = 0;
  let agentPositive = 0;
  let agentNegative = 0;
  let agent = false;

  /** Appends a word id, or -1 for a segment without words. */
  const push = (id: number): void => {
    if (length === words.length) {
      const grown = new Int32Array(words.length * 2);
      grown.set(words);
      words = grown;
    }
    words[length] = id;
    length += 1;
  };
  /** The id of a normalised word in this transcript, new words stemmed and toned once. */
  const idOf = (word: string): number => {
    let id = wordIds.get(word);
    if (id === undefined) {
      id = wordIds.size;
      wordIds.set(word, id);
      wordList.push(word);
      const stemmed = stem(word);
      let stemId = stemIds.get(stemmed);
      if (stemId === undefined) {
        stemId = stemIds.size;
        stemIds.set(stemmed, stemId);
      }
      wordStem.push(stemId);
      wordTone.push(POSITIVE.has(word) ? 1 : NEGATIVE.has(word) ? -1 : 0);
    }
    return id;
  };
  /** Appends a word by id. */
  const use = (id: number): void => {
    push(id);
    if (agent) {
      const tone = wordTone[id];
      if (tone > 0) agentPositive += 1;
      else if (tone < 0) agentNegative += 1;
    }
  };

  for (let s = 0; s < segments.length; s += 1) {
    const segment = segments[s];
    const text = segment.text;
    agent = segment.speaker === Speaker.AGENT;
    starts[s] = length;
    if (ASCII.test(text)) {
      const n = text.length;
      let i = 0;
      while (i < n) {
        let code = text.charCodeAt(i);
        if (!isWordCode(code)) {
          i += 1;
          continue;
        }
        // A word seen before in this transcript is found by the hash of its
        // lower-cased characters, computed while scanning, and confirmed
        // character by character: no string is made for it.
        const from = i;
        let hash = FNV_OFFSET;
        let upper = false;
        do {
          if (code <= 90 && code >= 65) {
            upper = true;
            code += 32;
          }
          hash = Math.imul(hash ^ code, FNV_PRIME);
          i += 1;
          code = text.charCodeAt(i);
        } while (i < n && isWordCode(code));
        hash &= 0x3fffffff; // a small integer key
        const seen = byHash.get(hash);
        if (seen !== undefined && sameWord(wordList[seen], text, from, i)) {
          use(seen);
          continue;
        }
        const sliced = text.slice(from, i);
        const id = idOf(upper ? sliced.toLowerCase() : sliced);
        if (seen === undefined) byHash.set(hash, id);
        use(id);
      }
    } else {
      const normalised = normalisePhrase(text);
      if (normalised !== '') for (const word of normalised.split(' ')) use(idOf(word));
    }
    if (length === starts[s]) push(-1);
  }
  starts[segments.length] = length;

  words = words.subarray(0, length);
  const sequence = new Int32Array(length);
  for (let i = 0; i < length; i += 1) sequence[i] = words[i] < 0 ? -1 : wordStem[words[i]];
  const result: PreparedTranscript = {
    wordIds,
    stemIds,
    words,
    sequence,
    starts,
    agentPositive,
    agentNegative,
  };
  prepared.set(segments, result);
  return result;
}

/** A phrase as the ids of its words in one transcript; null when a word never occurs there. */
export function phraseIds(
  transcript: PreparedTranscript,
  phraseWords: readonly string[],
): Int32Array | null {
  const ids = new Int32Array(phraseWords.length);
  for (let i = 0; i < phraseWords.length; i += 1) {
    const id = transcript.wordIds.get(phraseWords[i]);
    if (id === undefined) return null;
    ids[i] = id;
  }
  return ids;
}

/**
 * Whether segment `index` says the phrase (its words, in order, as
 * neighbours): what ` ${normalised segment} `.includes(` ${phrase} `) gave.
 * A phrase of no words matches only a segment of no words.
 */
export function segmentSays(
  transcript: PreparedTranscript,
  index: number,
  phrase: Int32Array,
): boolean {
  const { words, starts } = transcript;
  const from = starts[index];
  const to = starts[index + 1];
  const k = phrase.length;
  if (k === 0) return words[from] === -1;
  const first = phrase[0];
  for (let at = from; at + k <= to; at += 1) {
    if (words[at] !== first) continue;
    let j = 1;
    while (j < k && words[at + j] === phrase[j]) j += 1;
    if (j === k) return true;
  }
  return false;
}

/** Whether the stems `first second` occur as neighbours (within or across segments). */
export function hasStemPair(
  transcript: PreparedTranscript,
  first: string,
  second: string,
): boolean {
  const a = transcript.stemIds.get(first);
  const b = transcript.stemIds.get(second);
  if (a === undefined || b === undefined) return false;
  const { sequence } = transcript;
  for (let i = 0; i + 1 < sequence.length; i += 1) {
    if (sequence[i] === a && sequence[i + 1] === b) return true;
  }
  return false;
}

/**
 * A small cache of things compiled from scorecard text (keywords, phrases):
 * a scorecard version's criteria never change, and the same text always
 * compiles the same way, so entries are keyed by the text itself. Cleared
 * wholesale when it grows past `limit`.
 */
export class CompileCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit = 2_000) {}

  /** The entry, if compiled already. */
  peek(key: string): V | undefined {
    return this.entries.get(key);
  }

  get(key: string, compile: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      if (this.entries.size >= this.limit) this.entries.clear();
      value = compile();
      this.entries.set(key, value);
    }
    return value;
  }
}
