/**
 * Twilio's standard opt-out keywords: the whole body, any case, trimmed.
 * "stop please" is a request, not a keyword.
 *
 * - STOP: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, OPTOUT, REVOKE.
 * - START: START, UNSTOP — and YES only from a phone that opted out: from
 *   anyone else, "yes" answers the assistant's confirmation question.
 * - HELP: HELP, INFO.
 */
export type SmsKeyword = 'STOP' | 'START' | 'HELP';

const STOP = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'REVOKE',
]);
const START = new Set(['START', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);

/** The body's keyword and the word as texted (upper case), or null. */
export function smsKeyword(
  body: string,
  optedOut: boolean,
): { keyword: SmsKeyword; word: string } | null {
  const word = body.trim().toUpperCase();
  if (STOP.has(word)) return { keyword: 'STOP', word };
  if (START.has(word) || (optedOut && word === 'YES')) return { keyword: 'START', word };
  if (HELP.has(word)) return { keyword: 'HELP', word };
  return null;
}

/** A voice PIN texted as the whole body. */
export const SMS_PIN = /^\d{4,8}$/;
