import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { Account, createApiKey, gqlOk, registerUser } from '../factories/identity.factory';
import { graphql, GraphQLResponse } from '../utils/graphql-client';
import { startApi, TestApp } from '../utils/test-app';
import { connect, subscribe } from '../utils/ws-client';

/**
 * Issue 14 items 3 and 5: API-wide request limits per viewer and per
 * anonymous client IP (HTTP and graphql-ws), subscription caps per socket and
 * per user, and slow readers disconnected with 1013.
 *
 * People are registered through `open` (the run's generous limits); the
 * limited apps share its database and Redis, so their per-user counts start
 * fresh for every new person, and anonymous callers get an IP of their own
 * through X-Forwarded-For (TRUST_PROXY=loopback).
 */
const ME = '{ me { user { id } } }';
const TICKS = 'subscription { serverTime(intervalMs: 1000) }';

/** A documentation-range client address no other test uses. */
const freshIp = (): string => `203.0.113.${1 + (randomBytes(1)[0] % 254)}`;

type ErrorList = Array<{ message: string; extensions?: Record<string, unknown> }>;

function firstError(response: GraphQLResponse): Record<string, unknown> {
  return response.body.errors?.[0]?.extensions ?? {};
}

describe('API rate limits and WebSocket caps', () => {
  let open: TestApp;

  beforeAll(async () => {
    open = await startApi();
  });
  afterAll(() => open.close());

  describe('requests per minute', () => {
    let limited: TestApp;

    beforeAll(async () => {
      limited = await startApi({
        env: {
          RATE_LIMIT_USER_PER_MINUTE: '5',
          RATE_LIMIT_IP_PER_MINUTE: '3',
          TRUST_PROXY: 'loopback',
        },
      });
    });
    afterAll(() => limited.close());

    it('answers the request past the per-user limit with 429, Retry-After and RATE_LIMITED; another user is not affected', async () => {
      const alice = await registerUser(open);
      const bob = await registerUser(open);
      for (let i = 0; i < 5; i++) {
        const ok = await graphql(limited.graphqlUrl, ME, undefined, { token: alice.accessToken });
        expect(ok.status).toBe(200);
        expect(ok.body.errors).toBeUndefined();
      }
      const refused = await graphql(limited.graphqlUrl, ME, undefined, {
        token: alice.accessToken,
      });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.data).toBeUndefined();
      expect(firstError(refused)).toEqual({
        code: 'RATE_LIMITED',
        retryAfter,
        retryAfterSeconds: retryAfter,
      });

      // The viewer is counted, not the address: alice from another IP is still refused…
      const elsewhere = await graphql(limited.graphqlUrl, ME, undefined, {
        token: alice.accessToken,
        headers: { 'x-forwarded-for': freshIp() },
      });
      expect(elsewhere.status).toBe(429);
      // …and bob, from the same address as alice, is not.
      const other = await graphql(limited.graphqlUrl, ME, undefined, { token: bob.accessToken });
      expect(other.status).toBe(200);
      expect((other.body.data as { me: { user: { id: string } } }).me.user.id).toBe(bob.userId);
    });

    it('counts an API key apart from the person who created it', async () => {
      const carol = await registerUser(open);
      const key = await createApiKey(open, carol, 'AGENT');
      const query = '{ __typename }';
      for (let i = 0; i < 5; i++)
        expect(
          (await graphql(limited.graphqlUrl, query, undefined, { token: key.secret })).status,
        ).toBe(200);
      expect(
        (await graphql(limited.graphqlUrl, query, undefined, { token: key.secret })).status,
      ).toBe(429);
      expect(
        (await graphql(limited.graphqlUrl, query, undefined, { token: carol.accessToken })).status,
      ).toBe(200);
    });

    it('limits anonymous requests (and bad credentials) per client IP', async () => {
      const ip = freshIp();
      const from = (address: string, token?: string) =>
        graphql(limited.graphqlUrl, '{ __typename }', undefined, {
          token,
          headers: { 'x-forwarded-for': address },
        });
      expect((await from(ip)).status).toBe(200);
      expect((await from(ip)).status).toBe(200);
      // A token that does not verify is no viewer: it is counted against the IP too.
      expect((await from(ip, 'not-a-valid-token')).status).toBe(200);
      const refused = await from(ip);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(firstError(refused)).toMatchObject({ code: 'RATE_LIMITED' });
      expect(firstError(refused).retryAfter).toBeGreaterThan(0);

      let other = freshIp();
      while (other === ip) other = freshIp();
      expect((await from(other)).status).toBe(200);
    });

    it('answers an operation over a socket past the limit with RATE_LIMITED and keeps the socket open', async () => {
      const dave = await registerUser(open);
      const client = connect(limited.wsUrl, { authorization: `Bearer ${dave.accessToken}` });
      let closed = false;
      client.on('closed', () => (closed = true));
      try {
        for (let i = 0; i < 5; i++) {
          const result = await subscribe<{ __typename: string }>(client, '{ __typename }').next();
          expect(result.errors).toBeUndefined();
          expect(result.data!.__typename).toBe('Query');
        }
        const refused = (await subscribe(client, '{ __typename }').ended) as ErrorList;
        expect(refused[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
        expect(refused[0].extensions!.retryAfter).toBeGreaterThan(0);
        // The same budget as HTTP.
        const overHttp = await graphql(limited.graphqlUrl, ME, undefined, {
          token: dave.accessToken,
        });
        expect(overHttp.status).toBe(429);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(closed).toBe(false);
      } finally {
        await client.dispose();
      }
    });
  });

  describe('TRUST_PROXY off (the default)', () => {
    let direct: TestApp;

    beforeAll(async () => {
      // A key prefix of its own: 127.0.0.1's count starts at zero.
      direct = await startApi({
        env: {
          RATE_LIMIT_IP_PER_MINUTE: '3',
          REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}direct`,
        },
      });
    });
    afterAll(() => direct.close());

    it('ignores X-Forwarded-For: every request counts against the peer address', async () => {
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const response = await graphql(direct.graphqlUrl, '{ __typename }', undefined, {
          headers: { 'x-forwarded-for': `198.51.100.${10 + i}` },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });

  describe('subscriptions per socket and per user', () => {
    let capped: TestApp;
    const clients: Array<ReturnType<typeof connect>> = [];

    beforeAll(async () => {
      capped = await startApi({
        env: { WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '3', WS_MAX_SUBSCRIPTIONS_PER_USER: '5' },
      });
    });
    afterAll(async () => {
      await Promise.all(clients.map((client) => Promise.resolve(client.dispose())));
      await capped.close();
    });

    function socketOf(account: Account) {
      const client = connect(capped.wsUrl, { authorization: `Bearer ${account.accessToken}` });
      clients.push(client);
      const state = { closed: false };
      client.on('closed', () => (state.closed = true));
      return { client, state };
    }

    /** Subscribes to ticks and waits for the first one (the subscription is live). */
    async function live(client: ReturnType<typeof connect>) {
      const ticks = subscribe<{ serverTime: string }>(client, TICKS);
      const first = await ticks.next();
      expect(first.errors).toBeUndefined();
      return ticks;
    }

    async function refusal(client: ReturnType<typeof connect>): Promise<ErrorList> {
      return (await subscribe(client, TICKS).ended) as ErrorList;
    }

    it('refuses one subscription more than a socket or a user may hold, and frees a slot on completion', async () => {
      const erin = await registerUser(open);
      const first = socketOf(erin);
      const held = [await live(first.client), await live(first.client), await live(first.client)];

      const perSocket = await refusal(first.client);
      expect(perSocket[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(perSocket[0].message).toMatch(/connection/);
      // Queries and mutations are not subscriptions: they still run on a full socket.
      const query = await subscribe<{ __typename: string }>(first.client, '{ __typename }').next();
      expect(query.data!.__typename).toBe('Query');

      const second = socketOf(erin);
      held.push(await live(second.client), await live(second.client));
      const perUser = await refusal(second.client);
      expect(perUser[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(perUser[0].message).toMatch(/user/);

      // Someone else is not affected.
      const frank = await registerUser(open);
      await live(socketOf(frank).client);

      // Completing one subscription on the first socket frees a slot of erin's.
      held[0].unsubscribe();
      await new Promise((resolve) => setTimeout(resolve, 300));
      held.push(await live(second.client));
      expect(first.state.closed).toBe(false);
      expect(second.state.closed).toBe(false);

      // Closing a socket frees all of its slots.
      await first.client.dispose();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const third = socketOf(erin);
      await live(third.client);
      await live(third.client);
    });
  });

  describe('slow readers', () => {
    let slow: TestApp;

    beforeAll(async () => {
      slow = await startApi({ env: { WS_MAX_BUFFERED_BYTES: '65536' } });
    });
    afterAll(() => slow.close());

    it('closes a socket that stops reading with 1013 (Try Again Later)', async () => {
      const owner = await registerUser(open);
      const socket = new WebSocket(slow.wsUrl, 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) =>
        socket.once('close', (code) => resolve(code)),
      );
      let nexts = 0;
      const acknowledged = new Promise<void>((resolve, reject) => {
        socket.on('message', (data: Buffer) => {
          const message = JSON.parse(data.toString()) as { type: string };
          if (message.type === 'connection_ack') resolve();
          if (message.type === 'next') nexts += 1;
          if (message.type === 'error') reject(new Error(data.toString()));
        });
        socket.once('error', reject);
      });
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(
        JSON.stringify({
          type: 'connection_init',
          payload: { authorization: `Bearer ${owner.accessToken}` },
        }),
      );
      await acknowledged;
      const SUBSCRIPTIONS = 20;
      for (let i = 0; i < SUBSCRIPTIONS; i++) {
        socket.send(
          JSON.stringify({
            id: String(i),
            type: 'subscribe',
            payload: {
              query: 'subscription { taskChanged { kind task { id title description } } }',
            },
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));

      // The client stops reading: whatever the server sends piles up in its buffers.
      (socket as unknown as { _socket: Socket })._socket.pause();
      const TASKS = 50;
      const description = 'x'.repeat(20_000);
      for (let i = 0; i < TASKS; i++) {
        await gqlOk(
          open,
          'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }',
          { input: { title: `Bulky ${i}`, description } },
          owner.accessToken,
        );
      }
      // Let the relay deliver the last changes, then read again: the close frame follows what was sent.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      (socket as unknown as { _socket: Socket })._socket.resume();
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        closed,
        new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still open'), 15_000))),
      ]);
      clearTimeout(timer);
      expect(code).toBe(1013);
      // Not everything was queued for it: the server stopped sending when it closed.
      expect(nexts).toBeLessThan(TASKS * SUBSCRIPTIONS);
    });
  });
});
