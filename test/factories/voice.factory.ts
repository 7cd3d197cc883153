import { randomBytes } from 'node:crypto';
import { FakeTwilio } from '../fakes/twilio.fake';
import { phoneNumber, postTwilio } from './calls.factory';
import { RoleName } from './identity.factory';
import { PhoneOrganization, phoneOrganization } from './phone.factory';

export const VOICE_AUTH_TOKEN = 'twilio-auth-token-for-voice-tests';
export const VOICE_PUBLIC_URL = 'https://switchboard.example.test';

/** A fake Twilio account (adding a number asks it whether the account owns the number). */
export const startVoiceTwilio = (): Promise<FakeTwilio> =>
  new FakeTwilio(`AC${'0'.repeat(32)}`, VOICE_AUTH_TOKEN).start();

/** The environment a voice spec starts the api with (signature checks against PUBLIC_URL). */
export const voiceEnv = (twilio: FakeTwilio): Record<string, string> => ({
  TWILIO_ACCOUNT_SID: twilio.accountSid,
  TWILIO_AUTH_TOKEN: VOICE_AUTH_TOKEN,
  TWILIO_API_BASE_URL: twilio.url,
  PUBLIC_URL: VOICE_PUBLIC_URL,
});

/** phoneOrganization with a number the fake Twilio account owns. */
export function voiceOrganization(
  api: { graphqlUrl: string },
  twilio: FakeTwilio,
  roles: Record<string, [RoleName, string]>,
  options: { voiceAssistant?: boolean; timezone?: string } = {},
): Promise<PhoneOrganization> {
  const number = phoneNumber();
  twilio.own(number);
  return phoneOrganization(api, roles, { ...options, number });
}

export const callSid = (): string => `CA${randomBytes(16).toString('hex')}`;

/** What a TwiML answer says and does, read from the XML. */
export interface Twiml {
  xml: string;
  /** Every <Say> text, in order. */
  says: string[];
  /** The Gather's action as a path (PUBLIC_URL removed), if any. */
  gather: string | null;
  /** The Gather element's attributes. */
  gatherAttributes: Record<string, string>;
  /** Whether the prompt is spoken inside the Gather. */
  promptInsideGather: boolean;
  redirect: string | null;
  hangup: boolean;
}

const unescape = (text: string): string =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const asPath = (url: string): string =>
  unescape(url).startsWith(VOICE_PUBLIC_URL)
    ? unescape(url).slice(VOICE_PUBLIC_URL.length)
    : unescape(url);

export function readTwiml(xml: string): Twiml {
  const says = [...xml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((match) => unescape(match[1]));
  const gatherTag = /<Gather([^>]*)>/.exec(xml);
  const gatherAttributes: Record<string, string> = {};
  for (const [, name, value] of (gatherTag?.[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)) {
    gatherAttributes[name] = unescape(value);
  }
  const redirect = /<Redirect[^>]*>([^<]*)<\/Redirect>/.exec(xml);
  return {
    xml,
    says,
    gather: gatherAttributes.action ? asPath(gatherAttributes.action) : null,
    gatherAttributes,
    promptInsideGather: /<Gather[^>]*>\s*<Say/.test(xml),
    redirect: redirect ? asPath(redirect[1]) : null,
    hangup: /<Hangup\s*\/>/.test(xml),
  };
}

/** POSTs a signed Twilio voice webhook and reads the TwiML answer (asserting a 200 with XML). */
export async function postVoice(
  app: { url: string },
  path: string,
  params: Record<string, string>,
  headers?: Record<string, string>,
): Promise<Twiml> {
  const response = await postTwilio(app, path, params, {
    authToken: VOICE_AUTH_TOKEN,
    signedUrl: `${VOICE_PUBLIC_URL}${path}`,
    headers,
  });
  if (response.status !== 200 || !/xml/.test(response.headers['content-type'] ?? '')) {
    throw new Error(`expected TwiML, got ${response.status}: ${response.text}`);
  }
  return readTwiml(response.text);
}

/**
 * One phone call to an assistant number, as Twilio makes it: the incoming
 * call, then each Gather's result posted to the action of the last answer.
 */
export class VoiceCall {
  readonly sid = callSid();
  last: Twiml | null = null;

  constructor(
    private readonly app: { url: string },
    readonly from: string,
    readonly to: string,
  ) {}

  params(extra: Record<string, string> = {}): Record<string, string> {
    return {
      AccountSid: `AC${'0'.repeat(32)}`,
      CallSid: this.sid,
      From: this.from,
      To: this.to,
      Direction: 'inbound',
      CallStatus: 'in-progress',
      ...extra,
    };
  }

  async dial(headers?: Record<string, string>): Promise<Twiml> {
    this.last = await postVoice(
      this.app,
      '/webhooks/twilio/voice',
      this.params({ CallStatus: 'ringing' }),
      headers,
    );
    return this.last;
  }

  /** Posts the caller's answer to the last Gather's action. */
  async answer(input: Record<string, string>, headers?: Record<string, string>): Promise<Twiml> {
    const path = this.last?.gather;
    if (!path) throw new Error(`no Gather to answer: ${this.last?.xml ?? '(no call yet)'}`);
    this.last = await postVoice(this.app, path, this.params(input), headers);
    return this.last;
  }

  say(words: string, headers?: Record<string, string>): Promise<Twiml> {
    return this.answer({ SpeechResult: words, Confidence: '0.92' }, headers);
  }

  keys(digits: string, headers?: Record<string, string>): Promise<Twiml> {
    return this.answer({ Digits: digits }, headers);
  }

  /** Follows a filler's Redirect (Twilio POSTs the call's parameters again). */
  async follow(): Promise<Twiml> {
    const path = this.last?.redirect;
    if (!path) throw new Error(`no Redirect to follow: ${this.last?.xml ?? '(no call yet)'}`);
    this.last = await postVoice(this.app, path, this.params());
    return this.last;
  }

  status(status: string, extra: Record<string, string> = {}): Promise<number> {
    return postVoiceStatus(this.app, this.params({ CallStatus: status, ...extra }));
  }
}

export async function postVoiceStatus(
  app: { url: string },
  params: Record<string, string>,
): Promise<number> {
  const path = '/webhooks/twilio/voice/status';
  const response = await postTwilio(app, path, params, {
    authToken: VOICE_AUTH_TOKEN,
    signedUrl: `${VOICE_PUBLIC_URL}${path}`,
  });
  return response.status;
}
