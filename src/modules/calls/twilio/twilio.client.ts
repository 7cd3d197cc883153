import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { RestException, Twilio } from 'twilio';
import { ServiceUnavailableError } from '@/common/errors/domain-errors';
import { twilioConfig } from '@/config/configuration';

/** Longest a request to Twilio's REST API may take before it is given up (TWILIO_TIMEOUT_MS's default). */
export const TWILIO_TIMEOUT_MS = 10_000;

/**
 * How many matches of one number to read. Twilio's `PhoneNumber` filter also
 * matches numbers containing the digits given, so the exact number is picked
 * out of the page, never trusted to come first.
 */
const LOOKUP_LIMIT = 20;

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  /** Base URL of the REST API (tests' fake, a proxy); the SDK's own when absent. */
  apiBaseUrl?: string;
  /** Base URL of the Conversational Intelligence API (tests' fake, a proxy); the SDK's own when absent. */
  intelligenceBaseUrl?: string;
}

/** The credentials and base URLs of the configured account; null when Twilio is not configured. */
export function twilioCredentialsOf(
  config: ConfigType<typeof twilioConfig>,
): TwilioCredentials | null {
  if (!config.enabled || !config.accountSid || !config.authToken) return null;
  return {
    accountSid: config.accountSid,
    authToken: config.authToken,
    apiBaseUrl: config.apiBaseUrl,
    intelligenceBaseUrl: config.intelligenceBaseUrl,
  };
}

export interface TwilioIncomingNumber {
  /** PN… */
  sid: string;
  /** E.164 */
  phoneNumber: string;
}

/**
 * The official SDK's client for the configured account. Requests time out
 * after `timeoutMs` and are not retried (a GraphQL caller is waiting); the
 * API domain's base URL is the SDK's public `baseUrl`, replaced when
 * TWILIO_API_BASE_URL is set, and the Intelligence domain's likewise with
 * TWILIO_INTELLIGENCE_BASE_URL. Every Twilio client of the server (numbers,
 * SMS, recordings and transcripts) is made here.
 */
export function twilioRestClient(
  credentials: TwilioCredentials,
  timeoutMs = TWILIO_TIMEOUT_MS,
): Twilio {
  const client = new Twilio(credentials.accountSid, credentials.authToken, {
    accountSid: credentials.accountSid,
    timeout: timeoutMs,
    autoRetry: false,
    env: {},
  });
  if (credentials.apiBaseUrl) client.api.baseUrl = credentials.apiBaseUrl.replace(/\/+$/, '');
  if (credentials.intelligenceBaseUrl) {
    client.intelligence.baseUrl = credentials.intelligenceBaseUrl.replace(/\/+$/, '');
  }
  return client;
}

/** Why a request to Twilio failed, in words a client may read (no credentials, no bodies). */
export function describeTwilioFailure(error: unknown, timeoutMs = TWILIO_TIMEOUT_MS): string {
  if (error instanceof RestException) {
    if (error.status === 401 || error.status === 403) {
      return `Twilio refused this server's credentials (HTTP ${error.status})`;
    }
    return `Twilio answered HTTP ${error.status}`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return `Twilio did not answer within ${timeoutMs / 1000} s`;
  }
  return 'Twilio could not be reached';
}

const logger = new Logger('TwilioAccount');

/**
 * The account's incoming number `e164` through `client`, or null when the
 * account does not have it. A failed or timed-out request is
 * SERVICE_UNAVAILABLE (logged with Twilio's status and error code).
 */
export async function lookupIncomingNumber(
  client: Twilio,
  e164: string,
  timeoutMs = TWILIO_TIMEOUT_MS,
): Promise<TwilioIncomingNumber | null> {
  let found: Array<{ sid: string; phoneNumber: string }>;
  try {
    found = await client.incomingPhoneNumbers.list({ phoneNumber: e164, limit: LOOKUP_LIMIT });
  } catch (error) {
    const reason = describeTwilioFailure(error, timeoutMs);
    logger.warn(
      {
        reason,
        status: error instanceof RestException ? error.status : undefined,
        twilioCode: error instanceof RestException ? error.code : undefined,
      },
      'Twilio incoming number lookup failed',
    );
    throw new ServiceUnavailableError(
      'twilio',
      `${reason}: could not check the number against the Twilio account; nothing was changed, try again later`,
    );
  }
  const exact = found.find((number) => number.phoneNumber === e164);
  return exact ? { sid: exact.sid, phoneNumber: exact.phoneNumber } : null;
}

/**
 * The numbers of the Twilio account the server is configured with
 * (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN), read through the official SDK.
 * Without those variables it is not configured and answers nothing.
 */
@Injectable()
export class TwilioAccount {
  private readonly client: Twilio | null;
  private readonly timeoutMs: number;

  constructor(@Inject(twilioConfig.KEY) config: ConfigType<typeof twilioConfig>) {
    this.timeoutMs = config.timeoutMs;
    const credentials = twilioCredentialsOf(config);
    this.client = credentials ? twilioRestClient(credentials, config.timeoutMs) : null;
  }

  get configured(): boolean {
    return this.client !== null;
  }

  /** See lookupIncomingNumber. */
  incomingNumber(e164: string): Promise<TwilioIncomingNumber | null> {
    if (!this.client) throw new Error('Twilio is not configured');
    return lookupIncomingNumber(this.client, e164, this.timeoutMs);
  }
}
