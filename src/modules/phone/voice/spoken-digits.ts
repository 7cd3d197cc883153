/** How speech recognisers write digits: number words, homophones and spellings callers use. */
const WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  nought: '0',
  one: '1',
  won: '1',
  two: '2',
  to: '2',
  too: '2',
  three: '3',
  tree: '3',
  four: '4',
  for: '4',
  fore: '4',
  five: '5',
  fife: '5',
  six: '6',
  sicks: '6',
  seven: '7',
  eight: '8',
  ate: '8',
  nine: '9',
  niner: '9',
};
const REPEAT: Record<string, number> = { double: 2, triple: 3 };

/**
 * The digits in a spoken or recognised number ("four eight two six", "for ate
 * to six", "4 8 26", "double four oh niner"), or null when it holds none.
 * Words that are not digits ("my pin is", "uh") are skipped.
 */
export function spokenDigits(text: string | null | undefined): string | null {
  if (!text) return null;
  const tokens = text
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/[\s-]+/)
    .filter(Boolean);
  let digits = '';
  let repeat = 1;
  for (const token of tokens) {
    if (REPEAT[token]) {
      repeat = REPEAT[token];
      continue;
    }
    const digit = /^\d+$/.test(token) ? token : WORDS[token];
    if (digit === undefined) {
      repeat = 1;
      continue;
    }
    digits += digit.length === 1 ? digit.repeat(repeat) : digit;
    repeat = 1;
  }
  return digits.length > 0 ? digits : null;
}

/**
 * A number keyed in on the phone (digits only, no '+') as E.164: ten digits
 * are a North American number, 11 to 15 digits carry their country code.
 */
export function keyedE164(keyed: string | null | undefined): string | null {
  const digits = (keyed ?? '').replace(/\D/g, '');
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length >= 11 && digits.length <= 15 && !digits.startsWith('0')) return `+${digits}`;
  return null;
}
