import { randomBytes } from 'node:crypto';
import { FakeTwilio } from '../fakes/twilio.fake';
import { postTwilio } from './calls.factory';

export const SMS_AUTH_TOKEN = 'twilio-auth-token-for-sms-tests';
export const SMS_PUBLIC_URL = 'https://switchboard.example.test';
export const SMS_PATH = '/webhooks/twilio/sms';
export const SMS_ACCOUNT_SID = `AC${'5'.repeat(32)}`;

/** A fake Twilio account that owns every number asked about (so numbers can be added). */
export async function startSmsTwilio(): Promise<FakeTwilio> {
  const twilio = await new FakeTwilio(SMS_ACCOUNT_SID, SMS_AUTH_TOKEN).start();
  twilio.ownsEveryNumber = true;
  return twilio;
}

/** The environment an SMS spec starts the api and worker with, plus `extra`. */
export const smsEnv = (
  twilio: FakeTwilio,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> => ({
  TWILIO_ACCOUNT_SID: SMS_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: SMS_AUTH_TOKEN,
  TWILIO_API_BASE_URL: twilio.url,
  PUBLIC_URL: SMS_PUBLIC_URL,
  ...extra,
});

export const messageSid = (): string => `SM${randomBytes(16).toString('hex')}`;

/** Twilio's incoming-message webhook, signed for PUBLIC_URL as Twilio signs it. */
export function textTo(
  api: { url: string },
  to: string,
  from: string,
  body: string,
  sid = messageSid(),
) {
  return postTwilio(
    api,
    SMS_PATH,
    { AccountSid: SMS_ACCOUNT_SID, MessageSid: sid, From: from, To: to, Body: body, NumMedia: '0' },
    { authToken: SMS_AUTH_TOKEN, signedUrl: `${SMS_PUBLIC_URL}${SMS_PATH}` },
  );
}

/** The `<Message>` of a TwiML answer (entities decoded), or null for an empty `<Response/>`. */
export function twimlMessage(xml: string): string | null {
  const match = /<Message>([\s\S]*?)<\/Message>/.exec(xml);
  if (!match) return null;
  return match[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
