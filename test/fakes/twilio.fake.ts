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
  /** The form parameters of a POST (Messages.json: To, From, Body). */
  form?: Record<string, string>;
}

/** A message the fake accepted (POST Messages.json). */
export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  dateCreated: Date;
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
  /** Messages accepted, oldest first. */
  readonly messages: FakeTwilioMessage[] = [];
  /**
   * When set, a message is accepted (kept in `messages`, listed) at once
   * but its answer waits this long: a sender killed meanwhile never learns
   * it was accepted.
   */
  messageAnswerDelayMs = 0;
  /** When true, the account owns whichever number is looked up (specs that add numbers freely). */
  ownsEveryNumber = false;
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

  /** Message requests (POST Messages.json), any answer. */
  messageRequests(): FakeTwilioRequest[] {
    return this.requests.filter(
      (request) => request.method === 'POST' && request.path.endsWith('/Messages.json'),
    );
  }

  /** Messages accepted for one phone. */
  messagesTo(phone: string): FakeTwilioMessage[] {
    return this.messages.filter((message) => message.to === phone);
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
    const reply = (status: number, body: unknown, form?: Record<string, string>) => {
      this.requests.push({
        method: request.method ?? '',
        path: url.pathname,
        accountSid,
        phoneNumber,
        status,
        ...(form ? { form } : {}),
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
    const messages = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    if (messages) {
      if (messages[1] !== accountSid) return error(403, 20003, 'Authenticate');
      if (request.method === 'GET') return this.listMessages(url, accountSid, reply);
      if (request.method === 'POST') {
        let raw = '';
        request.setEncoding('utf8');
        request.on('data', (chunk: string) => (raw += chunk));
        request.on('end', () => this.createMessage(raw, accountSid, reply, error));
        return;
      }
    }
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/.exec(
      url.pathname,
    );
    if (request.method !== 'GET' || !match) {
      return error(404, 20404, `The requested resource ${url.pathname} was not found`);
    }
    if (match[1] !== accountSid) return error(403, 20003, 'Authenticate');

    if (this.answerQueuedFailure(reply)) return;

    const pageSize = Math.min(Number(url.searchParams.get('PageSize') ?? 50) || 50, 1000);
    if (this.ownsEveryNumber && phoneNumber) this.own(phoneNumber);
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

  /**
   * Answers the next queued failure (its body, or Twilio's 20500 error),
   * after its delay; false when none is queued.
   */
  private answerQueuedFailure(
    reply: (status: number, body: unknown, form?: Record<string, string>) => void,
    form?: Record<string, string>,
  ): boolean {
    const failure = this.failures.shift();
    if (!failure) return false;
    const answer = () =>
      reply(
        failure.status,
        failure.body ?? {
          code: 20500,
          message: 'An internal server error has occurred',
          more_info: 'https://www.twilio.com/docs/errors/20500',
          status: failure.status,
        },
        form,
      );
    if (failure.delayMs) setTimeout(answer, failure.delayMs);
    else answer();
    return true;
  }

  /**
   * POST Messages.json (form To, From, Body): a queued message resource
   * (sid SM…, status queued), or a queued failure, or Twilio's 21602/21604
   * error for a missing Body/To.
   */
  private createMessage(
    raw: string,
    accountSid: string,
    reply: (status: number, body: unknown, form?: Record<string, string>) => void,
    error: (status: number, code: number, message: string) => void,
  ): void {
    const form = Object.fromEntries(new URLSearchParams(raw));
    if (this.answerQueuedFailure(reply, form)) return;
    if (!form.To) return error(400, 21604, "A 'To' phone number is required.");
    if (!form.Body) return error(400, 21602, 'Message body is required.');
    const message: FakeTwilioMessage = {
      sid: sidOf('SM'),
      to: form.To,
      from: form.From ?? '',
      body: form.Body,
      dateCreated: new Date(),
    };
    this.messages.push(message);
    const answer = () => reply(201, this.messageResource(accountSid, message), form);
    if (this.messageAnswerDelayMs > 0) setTimeout(answer, this.messageAnswerDelayMs);
    else answer();
  }

  /** GET Messages.json?From=&To=&PageSize=: the newest first, as Twilio lists them. */
  private listMessages(
    url: URL,
    accountSid: string,
    reply: (status: number, body: unknown) => void,
  ): void {
    const from = url.searchParams.get('From');
    const to = url.searchParams.get('To');
    const pageSize = Math.min(Number(url.searchParams.get('PageSize') ?? 50) || 50, 1000);
    const found = this.messages
      .filter((message) => (!from || message.from === from) && (!to || message.to === to))
      .reverse()
      .slice(0, pageSize);
    const base = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const query = url.searchParams.toString();
    reply(200, {
      end: Math.max(found.length - 1, 0),
      first_page_uri: `${base}?${query}`,
      messages: found.map((message) => this.messageResource(accountSid, message)),
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri: `${base}?${query}`,
    });
  }

  private messageResource(accountSid: string, message: FakeTwilioMessage): Record<string, unknown> {
    const created = message.dateCreated.toUTCString();
    return {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: message.body,
      date_created: created,
      date_sent: null,
      date_updated: created,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: message.from,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid: message.sid,
      status: 'queued',
      subresource_uris: {
        media: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}/Media.json`,
      },
      to: message.to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
    };
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
