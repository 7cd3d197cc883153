import { twiml } from 'twilio';

const LANGUAGE = 'en-US';

export interface GatherOptions {
  /** Where Twilio posts what the caller said or keyed (absolute, signed by Twilio). */
  action: string;
  /** Spoken inside the Gather, so the caller can talk or key over it. */
  prompt: string;
  /** Speech hints (names the recogniser should expect). */
  hints?: string;
  /** Keyed numbers end with '#' (PIN, phone number). */
  keyed?: boolean;
}

/**
 * A prompt the caller can answer by voice or keys: the prompt is spoken
 * inside the Gather (barge-in), and Twilio posts to the action even when
 * nothing was heard, so the silence is handled (and bounded) by the turn.
 */
export function gatherTwiml(options: GatherOptions): string {
  const response = new twiml.VoiceResponse();
  const gather = response.gather({
    input: ['speech', 'dtmf'],
    action: options.action,
    method: 'POST',
    language: LANGUAGE,
    speechTimeout: 'auto',
    timeout: 6,
    actionOnEmptyResult: true,
    ...(options.keyed ? { finishOnKey: '#' } : {}),
    ...(options.hints ? { hints: options.hints } : {}),
  });
  gather.say({ language: LANGUAGE }, options.prompt);
  response.say({ language: LANGUAGE }, 'Goodbye.');
  response.hangup();
  return response.toString();
}

/** Says `text`, then hangs up. */
export function sayAndHangup(text: string): string {
  const response = new twiml.VoiceResponse();
  response.say({ language: LANGUAGE }, text);
  response.hangup();
  return response.toString();
}

/** A call that already ended. */
export function hangupTwiml(): string {
  const response = new twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

/** A short filler while the assistant works, then Twilio asks `answerUrl` for the result. */
export function fillerTwiml(text: string, answerUrl: string): string {
  const response = new twiml.VoiceResponse();
  response.say({ language: LANGUAGE }, text);
  response.redirect({ method: 'POST' }, answerUrl);
  return response.toString();
}

export const APOLOGY_TWIML = (): string =>
  sayAndHangup('Sorry, something went wrong on our side. Please call again later. Goodbye.');
