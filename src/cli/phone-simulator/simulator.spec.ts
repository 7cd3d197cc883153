import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { twiml, validateRequest } from 'twilio';
import {
  Event,
  httpTransport,
  Input,
  resolveUrl,
  simulateCall,
  simulateSms,
  WebhookRequest,
} from './simulator';
import { gatherParams, GatherSpec, parseTwiml, TwimlError, walk } from './twiml';

const AUTH_TOKEN = 'simulator-spec-auth-token';
const PUBLIC_URL = 'https://switchboard.example.test';

const gather = (overrides: Partial<GatherSpec> = {}): GatherSpec => ({
  method: 'POST',
  speech: true,
  dtmf: true,
  finishOnKey: '#',
  actionOnEmptyResult: false,
  ...overrides,
});

describe('TwiML parsing and walking', () => {
  it('parses what the twilio library builds: nested prompts, attributes, entities', () => {
    const response = new twiml.VoiceResponse();
    const g = response.gather({
      input: ['speech', 'dtmf'],
      action: '/webhooks/twilio/gather?turn=1&x=y',
      hints: 'Marcus, Priya',
    });
    g.say('Say or key your PIN & press pound.');
    g.pause({ length: 2 });
    response.say('Goodbye <for now>.');
    response.hangup();
    const parsed = parseTwiml(response.toString());

    const { heard, stop } = walk(parsed);
    expect(heard).toEqual([
      { kind: 'say', text: 'Say or key your PIN & press pound.' },
      { kind: 'pause', seconds: 2 },
    ]);
    expect(stop).toEqual({
      kind: 'gather',
      index: 0,
      gather: {
        action: '/webhooks/twilio/gather?turn=1&x=y',
        method: 'POST',
        speech: true,
        dtmf: true,
        finishOnKey: '#',
        numDigits: undefined,
        actionOnEmptyResult: false,
      },
    });
    // Silence at the Gather: Twilio goes on with the verbs after it.
    expect(walk(parsed, stop.index + 1)).toEqual({
      heard: [{ kind: 'say', text: 'Goodbye <for now>.' }],
      stop: { kind: 'hangup', index: 2 },
    });
  });

  it('stops at a Redirect with its method, and at the end of the document', () => {
    const parsed = parseTwiml(
      '<?xml version="1.0"?><Response><Say>One moment.</Say><Redirect method="GET">/wait?t=2</Redirect></Response>',
    );
    expect(walk(parsed)).toEqual({
      heard: [{ kind: 'say', text: 'One moment.' }],
      stop: { kind: 'redirect', url: '/wait?t=2', method: 'GET', index: 1 },
    });
    expect(walk(parseTwiml('<Response/>'))).toEqual({
      heard: [],
      stop: { kind: 'end', index: 0 },
    });
  });

  it('reads messaging TwiML: Message text or its Body noun, CDATA', () => {
    const parsed = parseTwiml(
      '<Response><Message>2 tasks: A, B</Message><Message to="+14155550100"><Body><![CDATA[x < y]]></Body></Message></Response>',
    );
    expect(walk(parsed).heard).toEqual([
      { kind: 'message', text: '2 tasks: A, B' },
      { kind: 'message', text: 'x < y', to: '+14155550100' },
    ]);
  });

  it('notes and skips verbs it does not simulate', () => {
    const parsed = parseTwiml('<Response><Dial>+14155550100</Dial><Hangup/></Response>');
    expect(walk(parsed)).toEqual({
      heard: [{ kind: 'note', text: '<Dial> is not simulated; skipped' }],
      stop: { kind: 'hangup', index: 1 },
    });
  });

  it('refuses what is not TwiML', () => {
    expect(() => parseTwiml('{"data":null}')).toThrow(TwimlError);
    expect(() => parseTwiml('<html><body>Bad gateway</body></html>')).toThrow(
      /expected one <Response> root, got <html>/,
    );
    expect(() => parseTwiml('')).toThrow(/no element/);
    expect(() => parseTwiml('<Response><Say>Hi</Response>')).toThrow(/^not XML: /);
  });
});

describe('gather input', () => {
  it('sends a line of keys as Digits, without the finishOnKey', () => {
    expect(gatherParams(gather(), '4826')).toEqual({ Digits: '4826' });
    expect(gatherParams(gather(), '4826#')).toEqual({ Digits: '4826', FinishedOnKey: '#' });
    expect(gatherParams(gather({ finishOnKey: '' }), '*9#')).toEqual({ Digits: '*9#' });
    expect(gatherParams(gather({ numDigits: 1 }), '12')).toEqual({ Digits: '1' });
    expect(gatherParams(gather(), ' 4 8 2 6 ')).toEqual({ Digits: '4826' });
  });

  it('sends anything else as speech with a confidence', () => {
    expect(gatherParams(gather(), 'four eight two six')).toEqual({
      SpeechResult: 'four eight two six',
      Confidence: '0.92000000',
    });
    expect(gatherParams(gather({ dtmf: false }), '1', 0.5)).toEqual({
      SpeechResult: '1',
      Confidence: '0.50000000',
    });
  });

  it('hears nothing for silence or input the Gather does not take', () => {
    expect(gatherParams(gather(), '')).toBeNull();
    expect(gatherParams(gather(), '#')).toBeNull();
    expect(gatherParams(gather({ speech: false }), 'list my tasks')).toBeNull();
    expect(gatherParams(gather({ actionOnEmptyResult: true }), '')).toEqual({});
  });

  it('resolves action URLs against the document they came from', () => {
    const doc = `${PUBLIC_URL}/webhooks/twilio/voice`;
    expect(resolveUrl('/webhooks/twilio/gather?turn=2', doc)).toBe(
      `${PUBLIC_URL}/webhooks/twilio/gather?turn=2`,
    );
    expect(resolveUrl('gather', doc)).toBe(`${PUBLIC_URL}/webhooks/twilio/gather`);
    expect(resolveUrl('https://other.example.test/x', doc)).toBe('https://other.example.test/x');
  });
});

/**
 * A local server standing in for Switchboard: every request must carry a
 * valid signature for PUBLIC_URL + its path and query (checked with the
 * twilio library, as the real guard does), then `route` answers it.
 */
async function twimlServer(
  route: (path: string, params: Record<string, string>) => { status?: number; twiml: string },
): Promise<{
  url: string;
  seen: Array<{ path: string; params: Record<string, string> }>;
  server: Server;
}> {
  const seen: Array<{ path: string; params: Record<string, string> }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(raw));
      const valid = validateRequest(
        AUTH_TOKEN,
        String(req.headers['x-twilio-signature'] ?? ''),
        `${PUBLIC_URL}${req.url}`,
        params,
      );
      const formEncoded = req.headers['content-type'] === 'application/x-www-form-urlencoded';
      if (!valid || !formEncoded || !req.headers['i-twilio-idempotency-token']) {
        res.writeHead(403).end('bad signature');
        return;
      }
      seen.push({ path: req.url ?? '', params });
      const answer = route(req.url ?? '', params);
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/xml' }).end(answer.twiml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, server };
}

const scripted = (lines: string[]): Input => {
  const left = [...lines];
  return () => Promise.resolve(left.length > 0 ? left.shift()! : null);
};

describe('simulated call against a signing-checking server', () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  const prompt = (action: string, text: string) =>
    `<Response><Gather input="speech dtmf" action="${action}"><Say>${text}</Say></Gather><Say>No answer.</Say><Hangup/></Response>`;

  it('logs in by keys, speaks, follows a Redirect, hangs up, reports completed', async () => {
    const fake = await twimlServer((path, params) => {
      if (path === '/webhooks/twilio/voice')
        return { twiml: prompt('/webhooks/twilio/gather?step=pin', 'Your PIN?') };
      if (path === '/webhooks/twilio/gather?step=pin') {
        return params.Digits === '4826'
          ? { twiml: prompt('/webhooks/twilio/gather?step=ask', 'Welcome.') }
          : { twiml: '<Response><Say>Wrong.</Say><Hangup/></Response>' };
      }
      if (path === '/webhooks/twilio/gather?step=ask') {
        return {
          twiml: `<Response><Say>One moment.</Say><Redirect>/webhooks/twilio/gather?step=answer&amp;q=${encodeURIComponent(params.SpeechResult)}</Redirect></Response>`,
        };
      }
      if (path.startsWith('/webhooks/twilio/gather?step=answer')) {
        return { twiml: '<Response><Say>You have 2 tasks.</Say><Hangup/></Response>' };
      }
      return { status: 404, twiml: '' };
    });
    server = fake.server;
    const events: Event[] = [];
    const outcome = await simulateCall({
      transport: httpTransport(fake.url, AUTH_TOKEN),
      publicUrl: PUBLIC_URL,
      from: '+14155550111',
      to: '+14155550100',
      input: scripted(['4826#', 'list my tasks']),
      onEvent: (event) => events.push(event),
    });

    expect(outcome).toMatchObject({ ended: 'hangup', errors: [], requests: 5 });
    expect(outcome.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(fake.seen.map((s) => s.path)).toEqual([
      '/webhooks/twilio/voice',
      '/webhooks/twilio/gather?step=pin',
      '/webhooks/twilio/gather?step=ask',
      '/webhooks/twilio/gather?step=answer&q=list%20my%20tasks',
      '/webhooks/twilio/voice/status',
    ]);
    expect(new Set(fake.seen.map((s) => s.params.CallSid))).toEqual(new Set([outcome.sid]));
    expect(fake.seen[0].params).toMatchObject({
      From: '+14155550111',
      To: '+14155550100',
      CallStatus: 'ringing',
      Direction: 'inbound',
    });
    expect(fake.seen[1].params).toMatchObject({ Digits: '4826', FinishedOnKey: '#' });
    expect(fake.seen[2].params).toMatchObject({ SpeechResult: 'list my tasks' });
    expect(fake.seen[3].params.SpeechResult).toBeUndefined();
    expect(fake.seen[4].params).toMatchObject({ CallStatus: 'completed' });
    expect(
      events.filter((e) => e.kind === 'heard').map((e) => (e.kind === 'heard' ? e.heard : null)),
    ).toEqual([
      { kind: 'say', text: 'Your PIN?' },
      { kind: 'say', text: 'Welcome.' },
      { kind: 'say', text: 'One moment.' },
      { kind: 'say', text: 'You have 2 tasks.' },
    ]);
  });

  it('goes on after the Gather on silence, and the caller can hang up', async () => {
    const fake = await twimlServer((path) =>
      path === '/webhooks/twilio/voice'
        ? { twiml: prompt('/webhooks/twilio/gather', 'Your PIN?') }
        : { status: 404, twiml: '' },
    );
    server = fake.server;
    const silent = await simulateCall({
      transport: httpTransport(fake.url, AUTH_TOKEN),
      publicUrl: PUBLIC_URL,
      from: '+14155550111',
      to: '+14155550100',
      input: scripted(['']),
    });
    // "No answer." then Hangup; the 404 of the status callback is tolerated.
    expect(silent).toMatchObject({ ended: 'hangup', errors: [], requests: 2 });

    const gone = await simulateCall({
      transport: httpTransport(fake.url, AUTH_TOKEN),
      publicUrl: PUBLIC_URL,
      from: '+14155550111',
      to: '+14155550100',
      input: scripted([]),
    });
    expect(gone).toMatchObject({ ended: 'caller', errors: [] });
  });

  it('ends the call on a non-2xx or non-TwiML answer, and says so', async () => {
    const fake = await twimlServer((path) =>
      path === '/webhooks/twilio/voice'
        ? { twiml: prompt('/webhooks/twilio/gather', 'Your PIN?') }
        : { status: 502, twiml: 'Bad gateway' },
    );
    server = fake.server;
    const outcome = await simulateCall({
      transport: httpTransport(fake.url, AUTH_TOKEN),
      publicUrl: PUBLIC_URL,
      from: '+14155550111',
      to: '+14155550100',
      input: scripted(['1234']),
    });
    expect(outcome.ended).toBe('error');
    expect(outcome.errors[0]).toMatch(
      /^gather https:\/\/switchboard\.example\.test\/webhooks\/twilio\/gather: HTTP 502/,
    );
    // The status callback's 502 is an error too (404 alone is tolerated).
    expect(outcome.errors).toHaveLength(2);
  });

  it('stops a Redirect loop at maxRequests', async () => {
    const fake = await twimlServer(() => ({
      twiml: '<Response><Redirect>/webhooks/twilio/voice</Redirect></Response>',
    }));
    server = fake.server;
    const outcome = await simulateCall({
      transport: httpTransport(fake.url, AUTH_TOKEN),
      publicUrl: PUBLIC_URL,
      from: '+14155550111',
      to: '+14155550100',
      input: scripted([]),
      maxRequests: 5,
    });
    expect(outcome.ended).toBe('limit');
    expect(fake.seen.filter((s) => s.path === '/webhooks/twilio/voice')).toHaveLength(5);
  });

  it('is refused by the server when signed with another token or for another URL', async () => {
    const fake = await twimlServer(() => ({ twiml: '<Response/>' }));
    server = fake.server;
    const wrongToken = await httpTransport(
      fake.url,
      'another-token',
    )({
      purpose: 'voice',
      method: 'POST',
      signedUrl: `${PUBLIC_URL}/webhooks/twilio/voice`,
      params: { CallSid: 'CA1' },
    });
    expect(wrongToken.status).toBe(403);
    const request: WebhookRequest = {
      purpose: 'voice',
      method: 'POST',
      signedUrl: 'https://elsewhere.example.test/webhooks/twilio/voice',
      params: { CallSid: 'CA1' },
    };
    expect((await httpTransport(fake.url, AUTH_TOKEN)(request)).status).toBe(403);
  });
});

describe('simulated SMS conversation', () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  it('sends each line as a signed message and reads the Message bodies', async () => {
    const fake = await twimlServer((_path, params) =>
      params.Body === '4826'
        ? { twiml: '<Response><Message>Unlocked for 30 minutes.</Message></Response>' }
        : params.Body === 'later'
          ? { twiml: '<Response/>' }
          : { twiml: `<Response><Message>You said: ${params.Body}</Message></Response>` },
    );
    server = fake.server;
    const events: Event[] = [];
    const outcome = await simulateSms({
      transport: httpTransport(fake.url, AUTH_TOKEN),
      publicUrl: PUBLIC_URL,
      from: '+14155550111',
      to: '+14155550100',
      input: scripted(['4826', 'list my tasks', 'later']),
      onEvent: (event) => events.push(event),
    });
    expect(outcome).toMatchObject({ ended: 'caller', errors: [], requests: 3 });
    expect(fake.seen.map((s) => s.path)).toEqual(Array(3).fill('/webhooks/twilio/sms'));
    const sids = fake.seen.map((s) => s.params.MessageSid);
    expect(new Set(sids).size).toBe(3);
    for (const sid of sids) expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fake.seen[1].params).toMatchObject({
      Body: 'list my tasks',
      From: '+14155550111',
      To: '+14155550100',
    });
    expect(
      events.flatMap((e) =>
        e.kind === 'heard' && e.heard.kind === 'message' ? [e.heard.text] : [],
      ),
    ).toEqual(['Unlocked for 30 minutes.', 'You said: list my tasks']);
  });
});
