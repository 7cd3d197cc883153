import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { graphql } from '../utils/graphql-client';
import { connect, subscribe } from '../utils/ws-client';
import { startApi, TestApp } from '../utils/test-app';

/** A fresh account's access token (sockets need credentials). */
async function signUp(api: TestApp): Promise<string> {
  const suffix = randomBytes(4).toString('hex');
  const { body } = await graphql<{ register: { accessToken: string } }>(
    api.graphqlUrl,
    'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }',
    {
      input: {
        email: `ws-${suffix}@example.com`,
        password: `correct horse ${suffix}`,
        name: 'Socket User',
        organizationName: `Sockets ${suffix}`,
      },
    },
  );
  return body.data!.register.accessToken;
}

/** Opens a raw graphql-ws socket and resolves with its close code. */
function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.on('close', (code) => resolve(code)));
}

describe('graphql-ws subscriptions on /graphql', () => {
  let api: TestApp;
  let authorization: string;

  beforeAll(async () => {
    api = await startApi({
      env: { WS_CONNECTION_INIT_TIMEOUT_MS: '300', WS_MAX_PAYLOAD_BYTES: '2048' },
    });
    authorization = `Bearer ${await signUp(api)}`;
  });
  afterAll(() => api.close());

  it('streams serverTime ticks to a subscriber', async () => {
    const client = connect(api.wsUrl, { authorization });
    try {
      const ticks = subscribe<{ serverTime: string }>(
        client,
        'subscription { serverTime(intervalMs: 1000) }',
      );
      const first = await ticks.next();
      const second = await ticks.next(3000);
      expect(first.errors).toBeUndefined();
      expect(new Date(second.data!.serverTime).getTime()).toBeGreaterThan(
        new Date(first.data!.serverTime).getTime(),
      );
      ticks.unsubscribe();
    } finally {
      await client.dispose();
    }
  });

  it('validates subscription arguments with BAD_USER_INPUT', async () => {
    const client = connect(api.wsUrl, { authorization });
    try {
      const ticks = subscribe(client, 'subscription { serverTime(intervalMs: 5) }');
      const result = await ticks.next();
      expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0].message).toMatch(/intervalMs/);
    } finally {
      await client.dispose();
    }
  });

  it('applies the same depth limit as HTTP', async () => {
    const client = connect(api.wsUrl, { authorization });
    try {
      let selection = 'name';
      for (let depth = 0; depth < 14; depth += 1) selection = `ofType { ${selection} }`;
      const ticks = subscribe(
        client,
        `{ __type(name: "Query") { fields { type { ${selection} } } } }`,
      );
      const error = (await ticks.ended) as Array<{
        message: string;
        extensions?: { code?: string };
      }>;
      expect(Array.isArray(error)).toBe(true);
      expect(error[0].message).toMatch(/depth/i);
      expect(error[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await client.dispose();
    }
  });

  it('serves one query text on many sockets and still refuses an invalid one every time', async () => {
    const clients = [1, 2, 3].map(() => connect(api.wsUrl, { authorization }));
    const text = 'subscription { serverTime(intervalMs: 1000) }';
    try {
      for (const client of clients) {
        const ticks = subscribe<{ serverTime: string }>(client, text);
        const tick = await ticks.next();
        expect(tick.errors).toBeUndefined();
        expect(Number.isNaN(new Date(tick.data!.serverTime).getTime())).toBe(false);
        ticks.unsubscribe();
      }
      for (const client of clients.slice(0, 2)) {
        const refused = (await subscribe(client, 'subscription { serverTime(nope: 1) }')
          .ended) as Array<{ extensions?: { code?: string } }>;
        expect(refused[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    } finally {
      for (const client of clients) await client.dispose();
    }
  });

  it('closes a socket that never sends connection_init (4408)', async () => {
    const socket = new WebSocket(api.wsUrl, 'graphql-transport-ws');
    expect(await closeCode(socket)).toBe(4408);
  });

  it('closes a socket that sends a message over the size limit (1009)', async () => {
    const socket = new WebSocket(api.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = closeCode(socket);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(10_000) } }));
    expect(await closed).toBe(1009);
  });
});
