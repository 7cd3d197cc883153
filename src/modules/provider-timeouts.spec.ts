import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { anthropicConfig, googleConfig, samsaraConfig, twilioConfig } from '@/config/configuration';
import { ServiceUnavailableError } from '@/common/errors/domain-errors';
import {
  classifyGoogleError,
  GoogleCalendarClient,
} from './calendar/google/google-calendar.client';
import { AnthropicClient, ProviderError } from './calls/scoring/clients/anthropic.client';
import { isRetryable } from './calls/scoring/scoring-runner.service';
import { TwilioAccount } from './calls/twilio/twilio.client';
import { smtpTransport } from './mail/mail.service';
import { SamsaraApi, SamsaraCallError } from './fleet/samsara.client';

/**
 * Every provider client is built with its configured timeout: against a
 * server that accepts the connection, reads the request and never answers,
 * each gives up after about that long, with an error its job retries.
 */
describe('provider timeouts', () => {
  const TIMEOUT_MS = 300;
  let server: Server;
  let url: string;
  const sockets = new Set<Socket>();
  /** Requests (connections something was sent on) and connections since the test began. */
  let requests = 0;
  let connections = 0;
  beforeEach(() => {
    requests = 0;
    connections = 0;
  });

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      connections += 1;
      socket.once('data', () => (requests += 1));
      socket.on('data', () => undefined); // read everything, answer nothing
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  /**
   * Runs `call`, expecting it to reject after about TIMEOUT_MS (not at once,
   * not much later), after `attempts` requests: the SDKs' own retries are off.
   */
  async function timedOut(call: () => Promise<unknown>, attempts = 1): Promise<unknown> {
    const started = Date.now();
    const error = await call().then(
      () => {
        throw new Error('expected the call to time out');
      },
      (failure: unknown) => failure,
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2500);
    expect(requests).toBe(attempts);
    return error;
  }

  it('Anthropic: ANTHROPIC_TIMEOUT_MS, a retryable ProviderError', async () => {
    const client = new AnthropicClient({
      ...anthropicConfig(),
      apiKey: 'sk-ant-test',
      baseUrl: url,
      timeoutMs: TIMEOUT_MS,
    });
    const error = await timedOut(() =>
      client.createMessage({ max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(true);
    expect(isRetryable(error)).toBe(true);
  });

  it('Samsara: SAMSARA_TIMEOUT_MS, an "unavailable" failure the poller backs off from', async () => {
    const api = new SamsaraApi({ ...samsaraConfig(), apiBaseUrl: url, timeoutMs: TIMEOUT_MS });
    const error = await timedOut(() => api.locationsFeed('token', null));
    expect(error).toBeInstanceOf(SamsaraCallError);
    expect((error as SamsaraCallError).failure.kind).toBe('unavailable');
  });

  it('Google: GOOGLE_TIMEOUT_MS on OAuth and Calendar requests, a transient failure', async () => {
    const client = new GoogleCalendarClient({
      ...googleConfig(),
      enabled: true,
      clientId: 'client',
      clientSecret: 'secret',
      apiBaseUrl: url,
      oauthBaseUrl: url,
      timeoutMs: TIMEOUT_MS,
    });
    // The access token is fetched first, from the hung OAuth endpoint.
    const error = await timedOut(() =>
      client.calendar('refresh-token').events.list({ calendarId: 'primary' }),
    );
    expect(classifyGoogleError(error)).toBe('transient');
  });

  it('Twilio: TWILIO_TIMEOUT_MS, SERVICE_UNAVAILABLE naming the timeout', async () => {
    const account = new TwilioAccount({
      ...twilioConfig(),
      enabled: true,
      accountSid: `AC${'0'.repeat(32)}`,
      authToken: 'token',
      apiBaseUrl: url,
      timeoutMs: TIMEOUT_MS,
    });
    const error = await timedOut(() => account.incomingNumber('+14155550100'));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).message).toContain('did not answer within 0.3 s');
  });

  it('SMTP: SMTP_TIMEOUT_MS for a server that never greets', async () => {
    const transport = smtpTransport(url.replace('http://', 'smtp://'), TIMEOUT_MS);
    try {
      // The client speaks only after the greeting: one connection, nothing sent.
      const error = await timedOut(() => transport.verify(), 0);
      expect(connections).toBe(1);
      expect((error as { code?: string }).code).toBe('ETIMEDOUT');
    } finally {
      transport.close();
    }
  });
});
