/**
 * The words the transcript redactor reads (transcript-redaction.ts): digits
 * spoken as words, and the keywords that make a nearby number a security
 * code, an expiry date, an SSN or an account number.
 */

/** Words read as digits. */
export const DIGIT_WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  nought: '0',
  naught: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};
export const TEEN_WORDS: Record<string, string> = {
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
};
export const TENS_WORDS: Record<string, string> = {
  twenty: '2',
  thirty: '3',
  forty: '4',
  fourty: '4',
  fifty: '5',
  sixty: '6',
  seventy: '7',
  eighty: '8',
  ninety: '9',
};
export const REPEATERS: Record<string, number> = { double: 2, triple: 3 };
export const FILLERS = new Set(['um', 'uh', 'erm', 'er', 'hmm']);
export const MONTHS = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);
/** Words right after a number that make it an amount, a time or a measure, never a code. */
export const UNIT_WORDS = new Set([
  'dollar',
  'dollars',
  'bucks',
  'cent',
  'cents',
  'percent',
  'pounds',
  'euros',
  'am',
  'pm',
  'minutes',
  'minute',
  'hours',
  'days',
  'miles',
  'points',
]);

/** Keyword phrases (lower-case words) and how many words before / after a number they reach. */
export interface Keyword {
  words: string[];
  before: number;
  after: number;
}
const keywords = (phrases: string[], before: number, after: number): Keyword[] =>
  phrases.map((phrase) => ({ words: phrase.split(' '), before, after }));

export const SECURITY_CODE_KEYWORDS = keywords(
  [
    'security code',
    'cvv',
    'cvv2',
    'cvc',
    'cvc2',
    'cid',
    'card verification',
    'verification code',
    'three digit code',
    '3 digit code',
    'four digit code',
    'code on the back',
    'back of the card',
  ],
  12,
  5,
);
export const EXPIRY_KEYWORDS = keywords(
  [
    'expiry',
    'expiration',
    'expires',
    'expire',
    'expiring',
    'exp',
    'valid thru',
    'valid through',
    'valid until',
    'good thru',
    'good through',
  ],
  12,
  5,
);
export const SSN_KEYWORDS = keywords(['social', 'ssn', 'social security'], 12, 5);
export const ACCOUNT_KEYWORDS = [
  ...keywords(
    [
      'account number',
      'account no',
      'acct number',
      'acct',
      'routing number',
      'routing',
      'aba',
      'bank account',
      'checking account',
      'savings account',
      'iban',
    ],
    12,
    5,
  ),
  ...keywords(['account'], 3, 0),
];
