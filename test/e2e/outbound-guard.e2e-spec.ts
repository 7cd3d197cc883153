import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Job } from 'bullmq';
import { parseAllowedHosts } from '@/config/allowed-hosts';
import {
  OutboundGuard,
  OutboundRefusedError,
  OutboundRequestError,
} from '@/common/outbound/outbound-guard';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { FakeSlack } from '../fakes/slack.fake';
import {
  createVehicle,
  drive,
  fleetAlerts,
  recordPositions,
  UPDATE_FLEET_SETTINGS,
} from '../factories/fleet.factory';
import { Account, gqlOk, registerUser, suffix } from '../factories/identity.factory';
import { eventually, startApi, TestApp } from '../utils/test-app';

/** A local HTTP server that records every request and answers with `handle`. */
interface LocalServer {
  port: number;
  url: string;
  requests: string[];
  close(): Promise<void>;
}

async function localServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void = (_, response) =>
    response.end('hello'),
): Promise<LocalServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error('expected the request to fail');
  return error;
}

async function refusal(promise: Promise<unknown>): Promise<OutboundRefusedError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(OutboundRefusedError);
  return error as OutboundRefusedError;
}

/** An owner whose organization posts CRITICAL fleet alerts to Slack, and one such alert. */
async function criticalAlert(
  api: TestApp,
  hook: string,
): Promise<{ owner: Account; alertId: string }> {
  const owner = await registerUser(api);
  await gqlOk(
    api,
    UPDATE_FLEET_SETTINGS,
    {
      input: {
        slackWebhookUrl: `https://hooks.slack.com/services/${hook}`,
        speedingMinSeconds: 10,
      },
    },
    owner.accessToken,
  );
  const vehicle = await createVehicle(api, owner.accessToken, {
    name: `Van ${suffix()}`,
    speedLimitKph: 80,
  });
  // 12 s at 130 km/h (≥ 1.25 × 80): a CRITICAL SPEEDING alert.
  await recordPositions(
    api,
    owner.accessToken,
    drive(vehicle.id, new Date(Date.now() - 60_000), 13, { speedKph: 130 }),
  );
  const [alert] = await fleetAlerts(api, owner.accessToken, { kind: ['SPEEDING'] });
  expect(alert.severity).toBe('CRITICAL');
  return { owner, alertId: alert.id };
}

describe('outbound guard', () => {
  let api: TestApp;
  let slack: FakeSlack;
  let guard: OutboundGuard;
  let bystander: LocalServer;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    bystander = await localServer();
    api = await startApi({ withWorker: true, env: { SLACK_WEBHOOK_BASE_URL: slack.url } });
    // The application's own guard, configured from OUTBOUND_ALLOWED_HOSTS (global-setup).
    guard = api.app.get(OutboundGuard);
  });
  afterAll(async () => {
    await api.close();
    await Promise.all([slack.stop(), bystander.close()]);
  });

  it('delivers a CRITICAL fleet alert to the allow-listed Slack fake', async () => {
    const hook = `T${suffix()}/B1/secret`;
    const { alertId } = await criticalAlert(api, hook);
    const post = await eventually(
      () => slack.posts.find((candidate) => candidate.path === `/services/${hook}`),
      { what: 'the Slack post' },
    );
    expect(post.body.text).toContain('SPEEDING');
    expect(JSON.stringify(post.body.blocks)).toContain(alertId);
  });

  it('lets the allow-listed host and port through, over http', async () => {
    const response = await guard.request(`${slack.url}/services/T0/B0/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(response.status).toBe(200);
    expect(response.text()).toBe('ok');
  });

  it('refuses loopback on a port that is not allow-listed, and the server hears nothing', async () => {
    for (const url of [
      bystander.url,
      `https://127.0.0.1:${bystander.port}/`,
      `http://localhost:${new URL(slack.url).port}/services/x`,
    ]) {
      const error = await refusal(guard.request(url, { method: 'POST', body: '{}' }));
      expect(['scheme', 'address']).toContain(error.reason);
    }
    expect(bystander.requests).toEqual([]);
  });

  it.each([
    ['https://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['https://0x7f.1/', 'loopback'],
    ['https://2130706433/', 'loopback'],
    ['https://[::ffff:127.0.0.1]/', 'loopback'],
    ['https://[::1]/', 'loopback'],
    ['https://10.0.0.1/', 'private'],
    ['https://100.64.0.1/', 'carrierGradeNat'],
    ['https://[fd00::1]/', 'uniqueLocal'],
  ])('refuses %s (%s)', async (url, range) => {
    const error = await refusal(guard.request(url));
    expect(error.reason).toBe('address');
    expect(error.message).toContain(range);
  });

  it('refuses a host name that resolves to loopback (localhost, through the system resolver)', async () => {
    const error = await refusal(guard.request(`https://localhost:${bystander.port}/`));
    expect(error.reason).toBe('address');
    expect(error.message).toMatch(/localhost \(resolves to (127\.0\.0\.1|::1)\) is a loopback/);
    expect(bystander.requests).toEqual([]);
  });

  it('checks the address the name resolves to when connecting', async () => {
    const lookups: string[] = [];
    const rebinding = new OutboundGuard({
      resolve: (hostname) => {
        lookups.push(hostname);
        return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      },
    });
    try {
      // The URL looks harmless; only the lookup at connect time reveals loopback.
      expect(() => rebinding.preflight(`https://evil.example:${bystander.port}/`)).not.toThrow();
      const error = await refusal(rebinding.request(`https://evil.example:${bystander.port}/`));
      expect(error.reason).toBe('address');
      expect(error.message).toContain('evil.example (resolves to 127.0.0.1)');
      expect(lookups).toEqual(['evil.example']);
      expect(bystander.requests).toEqual([]);
    } finally {
      await rebinding.close();
    }
  });

  it('gives up on a lookup that takes longer than the connect timeout', async () => {
    const stalled = new OutboundGuard({
      connectTimeoutMs: 200,
      resolve: () => new Promise(() => undefined),
    });
    try {
      const started = Date.now();
      const error = await failure(stalled.request('https://slow-dns.example/'));
      expect(error).toBeInstanceOf(OutboundRequestError);
      expect((error as OutboundRequestError).reason).toBe('connect-timeout');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await stalled.close();
    }
  });

  describe('against misbehaving allow-listed servers', () => {
    const servers: LocalServer[] = [];
    const guards: OutboundGuard[] = [];

    afterEach(async () => {
      await Promise.all([...guards.splice(0).map((g) => g.close())]);
      await Promise.all(servers.splice(0).map((server) => server.close()));
    });

    async function serve(handle?: Parameters<typeof localServer>[0]): Promise<LocalServer> {
      const server = await localServer(handle);
      servers.push(server);
      return server;
    }

    function guardFor(
      listed: LocalServer[],
      options: { timeoutMs?: number; maxResponseBytes?: number } = {},
    ): OutboundGuard {
      const created = new OutboundGuard({
        allowedHosts: parseAllowedHosts(listed.map((server) => `127.0.0.1:${server.port}`).join()),
        ...options,
      });
      guards.push(created);
      return created;
    }

    it('does not follow a redirect, even to another allow-listed server', async () => {
      const target = await serve();
      const redirector = await serve((_, response) => {
        response.writeHead(302, { location: `${target.url}/internal` });
        response.end();
      });
      const error = await refusal(
        guardFor([redirector, target]).request(`${redirector.url}/hook`, {
          method: 'POST',
          body: '{}',
        }),
      );
      expect(error.reason).toBe('redirect');
      expect(error.message).toContain('302');
      expect(redirector.requests).toEqual(['POST /hook']);
      expect(target.requests).toEqual([]);
    });

    it('refuses a redirect to loopback, which the other server never sees', async () => {
      const other = await serve();
      const redirector = await serve((_, response) => {
        response.writeHead(307, { location: `${other.url}/` });
        response.end();
      });
      const error = await refusal(guardFor([redirector]).request(redirector.url));
      expect(error.reason).toBe('redirect');
      expect(other.requests).toEqual([]);
    });

    it('aborts a response body over the cap', async () => {
      let closedEarly: boolean | undefined;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const hose = await serve((_, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.on('close', () => (closedEarly = !response.writableFinished));
        let sent = 0;
        const pump = (): void => {
          while (sent < 128) {
            sent += 1;
            if (!response.write(chunk)) {
              response.once('drain', pump);
              return;
            }
          }
          response.end();
        };
        pump();
      });
      const error = await failure(
        guardFor([hose], { maxResponseBytes: 256 * 1024 }).request(hose.url),
      );
      expect(error).toBeInstanceOf(OutboundRequestError);
      expect((error as OutboundRequestError).reason).toBe('too-large');
      // 8 MiB were on offer; the connection was cut long before.
      await eventually(() => closedEarly, { what: 'the connection to close' });
      expect(closedEarly).toBe(true);
    });

    it('refuses a declared Content-Length over the cap without reading it', async () => {
      const big = await serve((_, response) => {
        response.writeHead(200, { 'content-length': String(2 * 1024 * 1024) });
        response.write(randomBytes(1024));
      });
      const error = await failure(
        guardFor([big], { maxResponseBytes: 1024 * 1024 }).request(big.url),
      );
      expect((error as OutboundRequestError).reason).toBe('too-large');
    });

    it('times out a server that never answers', async () => {
      const silent = await serve(() => undefined);
      const started = Date.now();
      const error = await failure(guardFor([silent], { timeoutMs: 300 }).request(silent.url));
      expect(error).toBeInstanceOf(OutboundRequestError);
      expect((error as OutboundRequestError).reason).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('times out a body that trickles past the total timeout', async () => {
      const trickle = await serve((_, response) => {
        response.writeHead(200);
        const timer = setInterval(() => response.write('.'), 50);
        response.on('close', () => clearInterval(timer));
      });
      const started = Date.now();
      const error = await failure(guardFor([trickle], { timeoutMs: 400 }).request(trickle.url));
      expect((error as OutboundRequestError).reason).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });
});

describe('outbound guard on the Slack post', () => {
  let api: TestApp;
  let internal: LocalServer;

  beforeAll(async () => {
    // An operator (or an attacker with the config) points Slack posts at an
    // internal service that OUTBOUND_ALLOWED_HOSTS does not list.
    internal = await localServer();
    api = await startApi({
      withWorker: true,
      env: {
        SLACK_WEBHOOK_BASE_URL: internal.url,
        REDIS_KEY_PREFIX: `sbt${randomBytes(4).toString('hex')}`,
      },
    });
  });
  afterAll(async () => {
    await api.close();
    await internal.close();
  });

  it('never posts to a refused destination and does not retry the job', async () => {
    const { alertId } = await criticalAlert(api, `T${suffix()}/B1/secret`);
    const queue = api.app.get(QueueRegistry).get(QueueName.Notifications);
    const job = await eventually(
      async () => {
        const failed: Job[] = await queue.getFailed();
        return failed.find(
          (candidate) => (candidate.data as { alertId?: string }).alertId === alertId,
        );
      },
      { what: 'the failed slack-alert job' },
    );
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/only https is allowed/);
    expect(job.failedReason).not.toContain('secret');
    expect(internal.requests).toEqual([]);
  });
});
