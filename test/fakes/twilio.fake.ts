import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeTwilioFailure {
  status: number;
  body?: unknown;
  /** Answer nothing for this long first (a stalled Twilio). */
  delayMs?: number;
}

export interface FakeTwilioRequest {
  method: string;
  path: string;
  /** The account SID of the Basic credentials, or null without valid ones. */
  accountSid: string | null;
  phoneNumber: string | null;
  status: number;
}

interface OwnedNumber {
  sid: string;
  phoneNumber: string;
  dateCreated: string;
}

const sidOf = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * A stand-in for Twilio's REST API (`/2010-04-01`), speaking its wire format:
 * HTTP Basic auth with account SID and auth token, `GET
 * /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json?PhoneNumber=…`
 * answering a page (`incoming_phone_numbers`, `page`, `page_size`, `uri`,
 * `next_page_uri`, …) with Twilio's snake_case resources, and Twilio's error
 * body (`code`, `message`, `more_info`, `status`). `PhoneNumber` filters as
 * Twilio does: a partial number matches every number containing it.
 * Failures can be queued (`failNext`).
 */
export class FakeTwilio {
  private server: Server | undefined;
  private readonly numbers = new Map<string, OwnedNumber>();
  private readonly failures: FakeTwilioFailure[] = [];
  readonly requests: FakeTwilioRequest[] = [];
  readonly accountSid: string;
  /** Changing it makes the server's credentials stale (401). */
  authToken: string;
  url = '';

  constructor(
    accountSid = `AC${randomBytes(16).toString('hex')}`,
    authToken = 'fake-twilio-token',
  ) {
    this.accountSid = accountSid;
    this.authToken = authToken;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The account buys a number; returns its SID (PN…). */
  own(phoneNumber: string): string {
    const existing = this.numbers.get(phoneNumber);
    if (existing) return existing.sid;
    const owned = { sid: sidOf('PN'), phoneNumber, dateCreated: new Date().toUTCString() };
    this.numbers.set(phoneNumber, owned);
    return owned.sid;
  }

  release(phoneNumber: string): void {
    this.numbers.delete(phoneNumber);
  }

  failNext(failure: FakeTwilioFailure): void {
    this.failures.push(failure);
  }

  /** Drops failures queued and not yet served. */
  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Lookups of one number (any answer). */
  lookupsOf(phoneNumber: string): FakeTwilioRequest[] {
    return this.requests.filter((request) => request.phoneNumber === phoneNumber);
  }

  private authenticatedAccount(request: IncomingMessage): string | null {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return null;
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const [sid, token] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    return sid === this.accountSid && token === this.authToken ? sid : null;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const accountSid = this.authenticatedAccount(request);
    const phoneNumber = url.searchParams.get('PhoneNumber');
    const reply = (status: number, body: unknown) => {
      this.requests.push({
        method: request.method ?? '',
        path: url.pathname,
        accountSid,
        phoneNumber,
        status,
      });
      if (response.destroyed) return;
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string) =>
      reply(status, {
        code,
        message,
        more_info: `https://www.twilio.com/docs/errors/${code}`,
        status,
      });

    if (!accountSid) return error(401, 20003, 'Authenticate');
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/.exec(
      url.pathname,
    );
    if (request.method !== 'GET' || !match) {
      return error(404, 20404, `The requested resource ${url.pathname} was not found`);
    }
    if (match[1] !== accountSid) return error(403, 20003, 'Authenticate');

    const failure = this.failures.shift();
    if (failure) {
      const answer = () =>
        reply(
          failure.status,
          failure.body ?? {
            code: 20500,
            message: 'An internal server error has occurred',
            more_info: 'https://www.twilio.com/docs/errors/20500',
            status: failure.status,
          },
        );
      if (failure.delayMs) {
        setTimeout(answer, failure.delayMs);
        return;
      }
      return answer();
    }

    const pageSize = Math.min(Number(url.searchParams.get('PageSize') ?? 50) || 50, 1000);
    const digits = phoneNumber?.replace(/^\+/, '') ?? '';
    const found = [...this.numbers.values()]
      .filter((owned) => owned.phoneNumber.includes(digits))
      .slice(0, pageSize);
    const base = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`;
    const query = new URLSearchParams({
      ...(phoneNumber ? { PhoneNumber: phoneNumber } : {}),
      PageSize: String(pageSize),
      Page: '0',
    });
    return reply(200, {
      end: Math.max(found.length - 1, 0),
      first_page_uri: `${base}?${query.toString()}`,
      incoming_phone_numbers: found.map((owned) => this.resource(accountSid, owned)),
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri: `${base}?${query.toString()}`,
    });
  }

  private resource(accountSid: string, owned: OwnedNumber): Record<string, unknown> {
    const uri = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${owned.sid}.json`;
    return {
      account_sid: accountSid,
      address_requirements: 'none',
      address_sid: null,
      api_version: '2010-04-01',
      beta: false,
      bundle_sid: null,
      capabilities: { fax: false, mms: true, sms: true, voice: true },
      date_created: owned.dateCreated,
      date_updated: owned.dateCreated,
      emergency_address_sid: null,
      emergency_address_status: 'unregistered',
      emergency_status: 'Inactive',
      friendly_name: owned.phoneNumber,
      identity_sid: null,
      origin: 'twilio',
      phone_number: owned.phoneNumber,
      sid: owned.sid,
      sms_application_sid: '',
      sms_fallback_method: 'POST',
      sms_fallback_url: '',
      sms_method: 'POST',
      sms_url: '',
      status: 'in-use',
      status_callback: '',
      status_callback_method: 'POST',
      subresource_uris: {
        assigned_add_ons: uri.replace(/\.json$/, '/AssignedAddOns.json'),
      },
      trunk_sid: null,
      uri,
      voice_application_sid: null,
      voice_caller_id_lookup: false,
      voice_fallback_method: 'POST',
      voice_fallback_url: null,
      voice_method: 'POST',
      voice_receive_mode: 'voice',
      voice_url: null,
    };
  }
}
