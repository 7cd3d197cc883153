import { randomBytes, randomUUID } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { gatherParams, Heard, parseTwiml, Stop, TwimlElement, walk } from './twiml';

/** Why the simulator makes a request, as Twilio would. */
export type Purpose = 'voice' | 'gather' | 'redirect' | 'status' | 'sms';

/** One signed webhook request as Twilio would send it. */
export interface WebhookRequest {
  purpose: Purpose;
  method: 'GET' | 'POST';
  /** The URL Twilio was given and signs: PUBLIC_URL + path and query. */
  signedUrl: string;
  params: Record<string, string>;
}

/** The server's answer. `ms`: from sending the request until the whole body was read. */
export interface WebhookResponse {
  status: number;
  contentType: string;
  body: string;
  ms: number;
}

export type Transport = (request: WebhookRequest) => Promise<WebhookResponse>;

/** A fresh Twilio SID: two letters and 32 hex digits (CA… calls, SM… messages). */
export const twilioSid = (prefix: 'CA' | 'SM' | 'AC'): string =>
  `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * Sends webhooks to `serverUrl` the way Twilio sends them to the public URL
 * it was given: form-encoded, with X-Twilio-Signature computed by the twilio
 * library (HMAC-SHA1 over the signed URL and the sorted parameters) with
 * `authToken`, a fresh I-Twilio-Idempotency-Token, and Twilio's user agent.
 * The path and query of the signed URL are requested from `serverUrl` (the
 * server behind PUBLIC_URL). A GET carries the parameters in its query and
 * is signed over the whole URL, as Twilio does.
 */
export function httpTransport(serverUrl: string, authToken: string): Transport {
  const base = serverUrl.replace(/\/$/, '');
  return async (request) => {
    let signedUrl = request.signedUrl;
    let body: string | undefined;
    if (request.method === 'GET') {
      const url = new URL(signedUrl);
      for (const [name, value] of Object.entries(request.params)) {
        url.searchParams.append(name, value);
      }
      signedUrl = url.toString();
    } else {
      body = new URLSearchParams(request.params).toString();
    }
    const signature = getExpectedTwilioSignature(
      authToken,
      signedUrl,
      request.method === 'GET' ? {} : request.params,
    );
    const target = new URL(signedUrl);
    const headers: Record<string, string> = {
      'x-twilio-signature': signature,
      'i-twilio-idempotency-token': randomUUID(),
      'user-agent': 'TwilioProxy/1.1 (switchboard phone simulator)',
      accept: '*/*',
    };
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const started = performance.now();
    const response = await fetch(`${base}${target.pathname}${target.search}`, {
      method: request.method,
      headers,
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: text,
      ms: performance.now() - started,
    };
  };
}

/** Where the caller's lines come from: a terminal, a script, a benchmark. null: hang up. */
export type Input = (prompt: {
  heard: Heard[];
  purpose: 'gather' | 'sms';
}) => Promise<string | null>;

/** What the simulator reports as it goes (printed by the CLI, recorded by tests and the bench). */
export type Event =
  | { kind: 'heard'; heard: Heard }
  | { kind: 'said'; text: string; params: Record<string, string> }
  | { kind: 'exchange'; request: WebhookRequest; response: WebhookResponse }
  | { kind: 'error'; text: string }
  | { kind: 'ended'; how: 'hangup' | 'reject' | 'end' | 'caller' | 'error' | 'limit' };

export interface CallOptions {
  transport: Transport;
  /** PUBLIC_URL: the origin Twilio was given (signed URLs start with it). */
  publicUrl: string;
  from: string;
  to: string;
  accountSid?: string;
  input: Input;
  onEvent?: (event: Event) => void;
  /** The status callback's path; a 404 is tolerated (the server has none). */
  statusPath?: string;
  /** Most webhook requests in one call or conversation (a Redirect loop stops here). */
  maxRequests?: number;
  /** Waited before following a Redirect, as Twilio first plays the prompts before it. */
  redirectDelayMs?: number;
  /** Confidence sent with speech. */
  confidence?: number;
  /** The voice webhook's path. */
  voicePath?: string;
  smsPath?: string;
}

/** How a call or conversation went. */
export interface Outcome {
  sid: string;
  ended: 'hangup' | 'reject' | 'end' | 'caller' | 'error' | 'limit';
  requests: number;
  errors: string[];
}

/** Resolves a TwiML URL (relative or absolute) against the document it came from. */
export function resolveUrl(url: string, documentUrl: string): string {
  return new URL(url.trim(), documentUrl).toString();
}

const isTwiml = (response: WebhookResponse): boolean =>
  /\b(text|application)\/xml\b/.test(response.contentType) && /<Response[\s/>]/.test(response.body);

/**
 * Sends one webhook and parses its TwiML. Twilio treats anything but a 2xx
 * with a TwiML body as an application error ("We are sorry, an application
 * error has occurred") and ends the call; so does the simulator.
 */
async function exchange(
  options: CallOptions,
  request: WebhookRequest,
  errors: string[],
): Promise<TwimlElement | null> {
  const emit = options.onEvent ?? (() => undefined);
  let response: WebhookResponse;
  try {
    response = await options.transport(request);
  } catch (error) {
    const text = `${request.purpose} ${request.signedUrl}: ${(error as Error).message}`;
    errors.push(text);
    emit({ kind: 'error', text });
    return null;
  }
  emit({ kind: 'exchange', request, response });
  if (response.status < 200 || response.status >= 300 || !isTwiml(response)) {
    const text = `${request.purpose} ${request.signedUrl}: HTTP ${response.status} ${response.contentType || 'no content type'} ${response.body.slice(0, 200)}`;
    errors.push(text);
    emit({ kind: 'error', text });
    return null;
  }
  try {
    return parseTwiml(response.body);
  } catch (error) {
    const text = `${request.purpose} ${request.signedUrl}: ${(error as Error).message}`;
    errors.push(text);
    emit({ kind: 'error', text });
    return null;
  }
}

/**
 * A voice call as Twilio places it: POSTs the voice webhook with a fresh
 * CallSid, then executes each TwiML document — what is said is reported,
 * a Gather asks `input` for a line (keys → Digits, anything else →
 * SpeechResult) and requests its action (its document's URL when it has
 * none), an empty line is silence (Twilio goes on after the Gather), a
 * Redirect is followed, Hangup / Reject / the end of the document end the
 * call. `input` answering null is the caller hanging up. At the end the
 * status callback reports `completed` (a 404 there is tolerated).
 */
export async function simulateCall(options: CallOptions): Promise<Outcome> {
  const emit = options.onEvent ?? (() => undefined);
  const callSid = twilioSid('CA');
  const accountSid = options.accountSid ?? twilioSid('AC');
  const publicUrl = options.publicUrl.replace(/\/$/, '');
  const maxRequests = options.maxRequests ?? 100;
  const errors: string[] = [];
  const started = Date.now();
  let requests = 0;
  const callParams = (status: string): Record<string, string> => ({
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: status,
    Direction: 'inbound',
    From: options.from,
    Caller: options.from,
    To: options.to,
    Called: options.to,
  });

  let documentUrl = `${publicUrl}${options.voicePath ?? '/webhooks/twilio/voice'}`;
  let request: WebhookRequest | null = {
    purpose: 'voice',
    method: 'POST',
    signedUrl: documentUrl,
    params: callParams('ringing'),
  };
  // Set by the loop and by nextRequest (a closure, which narrowing does not see).
  const state: { ended: Outcome['ended'] } = { ended: 'end' };
  while (request) {
    if (requests >= maxRequests) {
      state.ended = 'limit';
      errors.push(`more than ${maxRequests} webhook requests in one call`);
      emit({ kind: 'error', text: errors[errors.length - 1] });
      break;
    }
    requests += 1;
    documentUrl = request.signedUrl;
    const response = await exchange(options, request, errors);
    request = null;
    if (!response) {
      state.ended = 'error';
      break;
    }
    let from = 0;
    for (;;) {
      const { heard, stop } = walk(response, from);
      for (const item of heard) emit({ kind: 'heard', heard: item });
      const next = await nextRequest(stop, heard);
      if (next === 'again') {
        from = stop.index + 1;
        continue;
      }
      request = next;
      break;
    }
  }

  async function nextRequest(stop: Stop, heard: Heard[]): Promise<WebhookRequest | 'again' | null> {
    switch (stop.kind) {
      case 'gather': {
        const line = await options.input({ heard, purpose: 'gather' });
        if (line === null) {
          state.ended = 'caller';
          return null;
        }
        const added = gatherParams(stop.gather, line, options.confidence);
        if (!added) return 'again';
        emit({ kind: 'said', text: line, params: added });
        const action = resolveUrl(stop.gather.action ?? documentUrl, documentUrl);
        return {
          purpose: 'gather',
          method: stop.gather.method,
          signedUrl: action,
          params: { ...callParams('in-progress'), ...added },
        };
      }
      case 'redirect': {
        if (options.redirectDelayMs) {
          await new Promise((resolve) => setTimeout(resolve, options.redirectDelayMs));
        }
        return {
          purpose: 'redirect',
          method: stop.method,
          signedUrl: resolveUrl(stop.url, documentUrl),
          params: callParams('in-progress'),
        };
      }
      case 'hangup':
      case 'reject':
      case 'end':
        state.ended = stop.kind;
        return null;
    }
  }

  const ended = state.ended;
  emit({ kind: 'ended', how: ended });
  if (ended !== 'reject') {
    // Twilio reports the end of the call to the number's status callback.
    const statusRequest: WebhookRequest = {
      purpose: 'status',
      method: 'POST',
      signedUrl: `${publicUrl}${options.statusPath ?? '/webhooks/twilio/voice/status'}`,
      params: {
        ...callParams('completed'),
        CallDuration: String(Math.max(1, Math.round((Date.now() - started) / 1000))),
        CallbackSource: 'call-progress-events',
        SequenceNumber: '0',
        Timestamp: new Date().toUTCString(),
      },
    };
    requests += 1;
    try {
      const response = await options.transport(statusRequest);
      emit({ kind: 'exchange', request: statusRequest, response });
      if (response.status !== 404 && (response.status < 200 || response.status >= 300)) {
        const text = `status ${statusRequest.signedUrl}: HTTP ${response.status} ${response.body.slice(0, 200)}`;
        errors.push(text);
        emit({ kind: 'error', text });
      }
    } catch (error) {
      const text = `status ${statusRequest.signedUrl}: ${(error as Error).message}`;
      errors.push(text);
      emit({ kind: 'error', text });
    }
  }
  return { sid: callSid, ended, requests, errors };
}

/**
 * An SMS conversation: each line from `input` is one inbound message to the
 * SMS webhook with a fresh MessageSid; the `<Message>` bodies of the TwiML
 * answer are reported (an empty `<Response/>` means the reply, if any, is
 * sent later through Twilio's REST API, which the simulator does not see).
 * A `<Redirect>` in messaging TwiML is followed with the same message.
 * Ends when `input` answers null.
 */
export async function simulateSms(options: CallOptions): Promise<Outcome> {
  const emit = options.onEvent ?? (() => undefined);
  const accountSid = options.accountSid ?? twilioSid('AC');
  const publicUrl = options.publicUrl.replace(/\/$/, '');
  const maxRequests = options.maxRequests ?? 100;
  const errors: string[] = [];
  let requests = 0;
  let lastSid = '';
  let heard: Heard[] = [];
  for (;;) {
    const line = await options.input({ heard, purpose: 'sms' });
    if (line === null) break;
    const messageSid = twilioSid('SM');
    lastSid = messageSid;
    const params: Record<string, string> = {
      AccountSid: accountSid,
      ApiVersion: '2010-04-01',
      MessageSid: messageSid,
      SmsMessageSid: messageSid,
      SmsSid: messageSid,
      SmsStatus: 'received',
      From: options.from,
      To: options.to,
      Body: line,
      NumMedia: '0',
      NumSegments: String(Math.max(1, Math.ceil(line.length / 153))),
    };
    emit({ kind: 'said', text: line, params: { Body: line } });
    heard = [];
    let request: WebhookRequest | null = {
      purpose: 'sms',
      method: 'POST',
      signedUrl: `${publicUrl}${options.smsPath ?? '/webhooks/twilio/sms'}`,
      params,
    };
    while (request) {
      if (requests >= maxRequests) {
        errors.push(`more than ${maxRequests} webhook requests in one conversation`);
        emit({ kind: 'error', text: errors[errors.length - 1] });
        return { sid: lastSid, ended: 'limit', requests, errors };
      }
      requests += 1;
      const response = await exchange(options, request, errors);
      if (!response) break;
      const walked = walk(response);
      for (const item of walked.heard) emit({ kind: 'heard', heard: item });
      heard.push(...walked.heard);
      request =
        walked.stop.kind === 'redirect'
          ? {
              purpose: 'sms',
              method: walked.stop.method,
              signedUrl: resolveUrl(walked.stop.url, request.signedUrl),
              params,
            }
          : null;
    }
  }
  emit({ kind: 'ended', how: 'caller' });
  return { sid: lastSid, ended: 'caller', requests, errors };
}
