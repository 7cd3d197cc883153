import { createHash, randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
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

/** One sentence of a fake recording: the channel (1 or 2) it is heard on. */
export interface FakeSentence {
  channel: 1 | 2;
  text: string;
}

/** How the fake's Conversational Intelligence treats the Transcripts of one recording. */
export interface FakeTranscriptPlan {
  /** Fetches answered "in-progress" before the Transcript is done (default 0: done at the first fetch). */
  completeAfterPolls?: number;
  /** Once done: 'complete' (default) or 'fail' (status "failed"); 'never' stays "in-progress". */
  outcome?: 'complete' | 'fail' | 'never';
  /** The recording's sentences, in order (default: a short support call, agent on channel 2). */
  sentences?: FakeSentence[];
  /**
   * Completes the Transcript this long after it is created and posts
   * Intelligence's webhook (JSON, signed with the auth token the way Twilio
   * signs a JSON body: `bodySHA256` in the URL) to `url`; `signedUrl` is the
   * URL the server believes it was given (its PUBLIC_URL + path).
   */
  webhook?: { url: string; signedUrl: string; delayMs?: number };
}

/** A Transcript the fake holds. */
export interface FakeTranscript {
  sid: string;
  serviceSid: string;
  customerKey: string;
  sourceSid: string;
  /** The `Channel` the SDK sent (media_properties, participants). */
  channel: {
    media_properties?: { source_sid?: string };
    participants?: Array<{ channel_participant?: number; role?: string; user_id?: string }>;
  };
  status: 'queued' | 'in-progress' | 'completed' | 'failed';
  polls: number;
  plan: FakeTranscriptPlan;
  dateCreated: Date;
  deleted: boolean;
}

/** The fake's default call: the agent (channel 2 of an inbound call) greets, the customer asks. */
export const DEFAULT_FAKE_SENTENCES: FakeSentence[] = [
  {
    channel: 2,
    text: 'Thank you for calling Acme support, my name is Dana, how can I help you today?',
  },
  { channel: 1, text: 'Hi, my internet has been down since this morning.' },
  { channel: 2, text: 'I understand how frustrating that is. Let me check your line right now.' },
  { channel: 1, text: 'Thanks.' },
  {
    channel: 2,
    text: 'I have reset your connection; I will call you back by five today to confirm it works.',
  },
  { channel: 1, text: 'Great, thank you so much.' },
  { channel: 2, text: 'You are welcome. Is there anything else I can help you with? Goodbye.' },
];

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
 *
 * It also speaks Conversational Intelligence v2 (`/v2/Transcripts…`, see
 * `intelligence`; point TWILIO_INTELLIGENCE_BASE_URL at the same URL), with
 * per-recording plans (`planTranscript`: done after N polls, failed, never
 * done, or done with a signed webhook to the server), and deletes recordings
 * (`DELETE /2010-04-01/Accounts/{sid}/Recordings/{sid}.json`).
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
  /** Transcripts created (POST /v2/Transcripts), by SID. */
  readonly transcripts = new Map<string, FakeTranscript>();
  /** How Transcripts of each recording SID behave; others follow `defaultTranscriptPlan`. */
  readonly transcriptPlans = new Map<string, FakeTranscriptPlan>();
  defaultTranscriptPlan: FakeTranscriptPlan = {};
  /** Recording SIDs deleted (DELETE …/Recordings/{sid}.json). */
  readonly deletedRecordings: string[] = [];
  /** Webhooks the fake posted: their HTTP status (or 0 when the server could not be reached). */
  readonly webhooksSent: Array<{ transcriptSid: string; status: number }> = [];
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

  /** How Transcripts of `recordingSid` behave (see FakeTranscriptPlan). */
  planTranscript(recordingSid: string, plan: FakeTranscriptPlan): void {
    this.transcriptPlans.set(recordingSid, plan);
  }

  /** Transcripts created for one recording, oldest first. */
  transcriptsOf(recordingSid: string): FakeTranscript[] {
    return [...this.transcripts.values()].filter((t) => t.sourceSid === recordingSid);
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
      if (status === 204) {
        response.writeHead(204);
        response.end();
        return;
      }
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
    if (url.pathname.startsWith('/v2/Transcripts')) {
      return this.intelligence(request, url, reply, error);
    }
    const recording =
      /^\/2010-04-01\/Accounts\/([^/]+)\/Recordings\/(RE[0-9a-fA-F]{32})\.json$/.exec(url.pathname);
    if (recording && request.method === 'DELETE') {
      if (recording[1] !== accountSid) return error(403, 20003, 'Authenticate');
      if (this.answerQueuedFailure(reply)) return;
      this.deletedRecordings.push(recording[2]);
      return reply(204, '');
    }
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
   * Conversational Intelligence v2, as the SDK calls it: POST /v2/Transcripts
   * (form ServiceSid, Channel as JSON, CustomerKey), GET /v2/Transcripts
   * (ServiceSid, SourceSid filters), GET and DELETE /v2/Transcripts/{sid},
   * GET /v2/Transcripts/{sid}/Sentences, each list in the v2 paging envelope
   * (`meta` with `key`, `next_page_url`…). Queued failures apply here too.
   */
  private intelligence(
    request: IncomingMessage,
    url: URL,
    reply: (status: number, body: unknown, form?: Record<string, string>) => void,
    error: (status: number, code: number, message: string) => void,
  ): void {
    const one = /^\/v2\/Transcripts\/(GT[0-9a-fA-F]{32})(\/Sentences)?$/.exec(url.pathname);
    if (url.pathname === '/v2/Transcripts' && request.method === 'POST') {
      let raw = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (raw += chunk));
      request.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(raw));
        if (this.answerQueuedFailure(reply, form)) return;
        this.createTranscript(form, reply, error);
      });
      return;
    }
    if (this.answerQueuedFailure(reply)) return;
    if (url.pathname === '/v2/Transcripts' && request.method === 'GET') {
      const sourceSid = url.searchParams.get('SourceSid');
      const serviceSid = url.searchParams.get('ServiceSid');
      const found = [...this.transcripts.values()].filter(
        (t) =>
          !t.deleted &&
          (!sourceSid || t.sourceSid === sourceSid) &&
          (!serviceSid || t.serviceSid === serviceSid),
      );
      return reply(
        200,
        this.page(url, 'transcripts', found.reverse(), (t) => this.transcriptResource(t)),
      );
    }
    const transcript = one ? this.transcripts.get(one[1]) : undefined;
    if (!one || !transcript || transcript.deleted) {
      return error(404, 20404, `The requested resource ${url.pathname} was not found`);
    }
    if (one[2]) {
      if (request.method !== 'GET' || transcript.status !== 'completed') {
        return error(404, 20404, `The requested resource ${url.pathname} was not found`);
      }
      const sentences = (transcript.plan.sentences ?? DEFAULT_FAKE_SENTENCES).map(
        (sentence, index) => ({
          ...sentence,
          index,
        }),
      );
      return reply(
        200,
        this.page(url, 'sentences', sentences, (sentence) => ({
          media_channel: sentence.channel,
          sentence_index: sentence.index,
          start_time: (sentence.index * 4.5).toFixed(2),
          end_time: (sentence.index * 4.5 + 4).toFixed(2),
          transcript: sentence.text,
          sid: `GX${createHash('md5').update(`${transcript.sid}:${sentence.index}`).digest('hex')}`,
          confidence: '0.93',
          words: [],
        })),
      );
    }
    if (request.method === 'DELETE') {
      transcript.deleted = true;
      return reply(204, '');
    }
    if (request.method !== 'GET') {
      return error(405, 20004, 'Method not allowed');
    }
    transcript.polls += 1;
    const plan = transcript.plan;
    if (transcript.status === 'queued' || transcript.status === 'in-progress') {
      if (
        plan.outcome !== 'never' &&
        !plan.webhook &&
        transcript.polls > (plan.completeAfterPolls ?? 0)
      ) {
        transcript.status = plan.outcome === 'fail' ? 'failed' : 'completed';
      } else {
        transcript.status = 'in-progress';
      }
    }
    return reply(200, this.transcriptResource(transcript));
  }

  private createTranscript(
    form: Record<string, string>,
    reply: (status: number, body: unknown, form?: Record<string, string>) => void,
    error: (status: number, code: number, message: string) => void,
  ): void {
    let channel: FakeTranscript['channel'];
    try {
      channel = JSON.parse(form.Channel ?? '') as FakeTranscript['channel'];
    } catch {
      return error(400, 20001, 'Channel must be a JSON object');
    }
    const sourceSid = channel?.media_properties?.source_sid;
    if (!form.ServiceSid || !/^GA[0-9a-fA-F]{32}$/.test(form.ServiceSid)) {
      return error(400, 20001, 'Invalid ServiceSid');
    }
    if (!sourceSid || !/^RE[0-9a-fA-F]{32}$/.test(sourceSid)) {
      return error(400, 20001, 'Channel.media_properties.source_sid must be a Recording SID');
    }
    const participants = channel.participants ?? [];
    if (
      participants.length !== 2 ||
      new Set(participants.map((participant) => participant.channel_participant)).size !== 2
    ) {
      return error(400, 20001, 'Channel.participants must name channel 1 and channel 2');
    }
    const plan = this.transcriptPlans.get(sourceSid) ?? this.defaultTranscriptPlan;
    const transcript: FakeTranscript = {
      sid: sidOf('GT'),
      serviceSid: form.ServiceSid,
      customerKey: form.CustomerKey ?? '',
      sourceSid,
      channel,
      status: 'queued',
      polls: 0,
      plan,
      dateCreated: new Date(),
      deleted: false,
    };
    this.transcripts.set(transcript.sid, transcript);
    reply(201, this.transcriptResource(transcript), form);
    if (plan.webhook) {
      const webhook = plan.webhook;
      setTimeout(() => {
        if (plan.outcome === 'never') return;
        transcript.status = plan.outcome === 'fail' ? 'failed' : 'completed';
        void this.sendTranscriptWebhook(transcript, webhook);
      }, webhook.delayMs ?? 50).unref();
    }
  }

  /** Posts Intelligence's webhook for `transcript` as Twilio would (JSON, signed over bodySHA256). */
  async sendTranscriptWebhook(
    transcript: FakeTranscript,
    webhook: { url: string; signedUrl: string },
  ): Promise<number> {
    const body = JSON.stringify({
      account_sid: this.accountSid,
      service_sid: transcript.serviceSid,
      transcript_sid: transcript.sid,
      customer_key: transcript.customerKey,
      event_type: 'voice_intelligence_transcript_available',
    });
    const hash = createHash('sha256').update(body).digest('hex');
    const query = `bodySHA256=${hash}`;
    const signature = getExpectedTwilioSignature(
      this.authToken,
      `${webhook.signedUrl}?${query}`,
      {},
    );
    let status = 0;
    try {
      const response = await fetch(`${webhook.url}?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
        body,
      });
      status = response.status;
    } catch {
      status = 0;
    }
    this.webhooksSent.push({ transcriptSid: transcript.sid, status });
    return status;
  }

  /** A v2 list page (Twilio's `meta` envelope), paged by PageSize and Page. */
  private page<T>(
    url: URL,
    key: string,
    items: T[],
    resource: (item: T) => Record<string, unknown>,
  ): Record<string, unknown> {
    const pageSize = Math.min(Number(url.searchParams.get('PageSize') ?? 50) || 50, 5000);
    const page = Number(url.searchParams.get('Page') ?? 0) || 0;
    const slice = items.slice(page * pageSize, (page + 1) * pageSize);
    const at = (n: number) => {
      const query = new URLSearchParams(url.searchParams);
      query.set('PageSize', String(pageSize));
      query.set('Page', String(n));
      query.set('PageToken', `PT${n}`);
      return `${this.url}${url.pathname}?${query.toString()}`;
    };
    return {
      [key]: slice.map(resource),
      meta: {
        page,
        page_size: pageSize,
        first_page_url: at(0),
        previous_page_url: page > 0 ? at(page - 1) : null,
        url: at(page),
        next_page_url: (page + 1) * pageSize < items.length ? at(page + 1) : null,
        key,
      },
    };
  }

  private transcriptResource(transcript: FakeTranscript): Record<string, unknown> {
    const url = `${this.url}/v2/Transcripts/${transcript.sid}`;
    const created = transcript.dateCreated.toISOString();
    return {
      account_sid: this.accountSid,
      service_sid: transcript.serviceSid,
      sid: transcript.sid,
      date_created: created,
      date_updated: new Date().toISOString(),
      status: transcript.status,
      channel: transcript.channel,
      data_logging: false,
      language_code: 'en-US',
      customer_key: transcript.customerKey,
      media_start_time: null,
      duration: transcript.status === 'completed' ? 32 : 0,
      url,
      redaction: true,
      encryption_credential_sid: null,
      links: {
        sentences: `${url}/Sentences`,
        encrypted_sentences: `${url}/EncryptedSentences`,
        media: `${url}/Media`,
        operator_results: `${url}/OperatorResults`,
        encrypted_operator_results: `${url}/EncryptedOperatorResults`,
      },
    };
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
