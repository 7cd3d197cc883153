import { createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import WebSocket from 'ws';
import {
  Account,
  addExistingMember,
  addMemberWithRole,
  createApiKey,
  decodeJwt,
  gqlError,
  gqlOk,
  registerUser,
} from '../factories/identity.factory';
import { graphql } from '../utils/graphql-client';
import { startApi, TestApp } from '../utils/test-app';

type Claims = Record<string, unknown>;

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS with any header, signed by `signer` (or unsigned). */
function jws(header: Claims, payload: Claims, signer?: (data: string) => string): string {
  const data = `${base64url(header)}.${base64url(payload)}`;
  return `${data}.${signer ? signer(data) : ''}`;
}

const hmac = (secret: string | Buffer) => (data: string) =>
  createHmac('sha256', secret).update(data).digest('base64url');

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const rsa = (data: string) => sign('sha256', Buffer.from(data), privateKey).toString('base64url');

const secret = () => process.env.JWT_SECRET!;
const hs256 = (payload: Claims) => jws({ alg: 'HS256', typ: 'JWT' }, payload, hmac(secret()));
const now = () => Math.floor(Date.now() / 1000);

/** The tampered variants of a valid access token; each must be refused. */
function tamperedTokens(
  valid: string,
  other: { organizationId: string; userId: string },
): Array<[string, string]> {
  const claims = decodeJwt(valid).payload;
  const [header, , signature] = valid.split('.');
  return [
    ['alg none', jws({ alg: 'none', typ: 'JWT' }, claims)],
    ['alg None', jws({ alg: 'None', typ: 'JWT' }, claims)],
    [
      'alg none with the original signature',
      `${jws({ alg: 'none', typ: 'JWT' }, claims)}${signature}`,
    ],
    ['RS256 with an attacker key', jws({ alg: 'RS256', typ: 'JWT' }, claims, rsa)],
    [
      'HS256 with a public key as the secret (HS/RS swap)',
      jws({ alg: 'HS256', typ: 'JWT' }, claims, hmac(publicPem)),
    ],
    [
      'HS512 with the real secret',
      jws({ alg: 'HS512', typ: 'JWT' }, claims, (data) =>
        createHmac('sha512', secret()).update(data).digest('base64url'),
      ),
    ],
    ['wrong audience', hs256({ ...claims, aud: 'someone-else' })],
    ['no audience', hs256({ ...claims, aud: undefined })],
    ['wrong issuer', hs256({ ...claims, iss: 'evil' })],
    [
      'edited payload (org) without re-signing',
      `${header}.${base64url({ ...claims, org: other.organizationId })}.${signature}`,
    ],
    [
      'edited payload (sub) without re-signing',
      `${header}.${base64url({ ...claims, sub: other.userId })}.${signature}`,
    ],
    ['expired', hs256({ ...claims, iat: now() - 3600, exp: now() - 60 })],
    ['signed with another secret', jws({ alg: 'HS256', typ: 'JWT' }, claims, hmac('x'.repeat(64)))],
    ['an unknown session', hs256({ ...claims, sid: randomUUID() })],
    ['an organization the user is not in', hs256({ ...claims, org: other.organizationId })],
    ['no session claim', hs256({ ...claims, sid: undefined })],
    ['garbage', 'not.a.jwt'],
  ];
}

/**
 * Opens a raw graphql-ws socket and sends `connection_init`: resolves with
 * 'ack' and the open socket, or with the close code.
 */
async function connectRaw(
  url: string,
  payload: Record<string, unknown> | undefined,
): Promise<{ ack: boolean; code?: number; socket: WebSocket }> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack and no close within 10 s')), 10_000);
    socket.on('error', () => undefined);
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) })),
    );
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'connection_ack') {
        clearTimeout(timer);
        resolve({ ack: true, socket });
      }
    });
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ack: false, code, socket });
    });
  });
}

const closed = (socket: WebSocket, timeoutMs = 15_000): Promise<number> =>
  new Promise((resolve, reject) => {
    if (socket.readyState === WebSocket.CLOSED) return reject(new Error('socket already closed'));
    const timer = setTimeout(
      () => reject(new Error(`socket still open after ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });

/** Subscribes to serverTime on an acknowledged socket and waits for the first tick. */
function firstTick(socket: WebSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no serverTime tick within 5 s')), 5_000);
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        payload?: { data?: { serverTime?: string }; errors?: unknown };
      };
      if (message.type === 'next' && message.payload?.data?.serverTime) {
        clearTimeout(timer);
        resolve(message.payload.data.serverTime);
      } else if (message.type === 'next' || message.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`subscription failed: ${JSON.stringify(message)}`));
      }
    });
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: 'subscription { serverTime(intervalMs: 1000) }' },
      }),
    );
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function meCode(api: TestApp, token: string): Promise<unknown> {
  const { body } = await graphql(api.graphqlUrl, '{ me { user { id } } }', undefined, { token });
  return body.errors ? body.errors[0].extensions?.code : 'OK';
}

describe('access tokens and API keys over HTTP and WebSocket', () => {
  let api: TestApp;
  let person: Account;
  let other: Account;

  beforeAll(async () => {
    api = await startApi({ env: { LOGIN_MAX_ATTEMPTS_PER_IP: '100000' } });
    person = await registerUser(api);
    other = await registerUser(api);
  });
  afterAll(() => api.close());

  it('accepts a token signed with the real secret and claims (so the tampered cases below test one change each)', async () => {
    const claims = decodeJwt(person.accessToken).payload;
    const token = hs256({ ...claims, iat: now(), exp: now() + 600 });
    expect(await meCode(api, token)).toBe('OK');
    const { ack, socket } = await connectRaw(api.wsUrl, bearer(token));
    expect(ack).toBe(true);
    socket.close();
  });

  describe('tampered and expired tokens', () => {
    const cases = () => tamperedTokens(person.accessToken, other);

    it('refuses each over HTTP with UNAUTHENTICATED', async () => {
      for (const [name, token] of cases()) {
        const code = await meCode(api, token);
        expect({ name, code }).toEqual({ name, code: 'UNAUTHENTICATED' });
      }
      // The original still works: nothing above damaged the session.
      expect(await meCode(api, person.accessToken)).toBe('OK');
    });

    it('closes each WebSocket with 4403', async () => {
      for (const [name, token] of cases()) {
        const { ack, code } = await connectRaw(api.wsUrl, bearer(token));
        expect({ name, ack, code }).toEqual({ name, ack: false, code: 4403 });
      }
    });
  });

  it('refuses anonymous and malformed credentials on HTTP', async () => {
    for (const authorization of [
      '',
      'Bearer',
      `Basic ${person.accessToken}`,
      person.accessToken,
      'Bearer a b',
    ]) {
      const { body } = await graphql(api.graphqlUrl, '{ me { user { id } } }', undefined, {
        headers: authorization ? { authorization } : {},
      });
      expect({ authorization, code: body.errors?.[0].extensions?.code }).toEqual({
        authorization,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('closes a WebSocket without credentials with 4403', async () => {
    for (const payload of [
      undefined,
      {},
      { authorization: '' },
      { authorization: person.accessToken },
    ]) {
      const { ack, code } = await connectRaw(api.wsUrl, payload);
      expect({ payload, ack, code }).toEqual({ payload, ack: false, code: 4403 });
    }
  });

  it('closes the socket when its access token expires', async () => {
    const claims = decodeJwt(person.accessToken).payload;
    const shortLived = hs256({ ...claims, iat: now(), exp: now() + 3 });
    const { ack, socket } = await connectRaw(api.wsUrl, bearer(shortLived));
    expect(ack).toBe(true);
    const started = Date.now();
    expect(await closed(socket, 10_000)).toBe(4403);
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it('closes the socket of a session that logs out', async () => {
    const owner = await registerUser(api);
    const { ack, socket } = await connectRaw(api.wsUrl, bearer(owner.accessToken));
    expect(ack).toBe(true);
    await firstTick(socket);
    const closing = closed(socket);
    await gqlOk(api, 'mutation { logout }', undefined, owner.accessToken);
    expect(await closing).toBe(4403);
    // And it cannot come back with the same token.
    expect((await connectRaw(api.wsUrl, bearer(owner.accessToken))).code).toBe(4403);
  });

  it('closes the socket of a revoked session but not of the others', async () => {
    const owner = await registerUser(api);
    const second = await gqlOk(
      api,
      'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }',
      { input: { email: owner.email, password: owner.password } },
    );
    const secondSession = decodeJwt(second.login.accessToken).payload.sid as string;
    const kept = await connectRaw(api.wsUrl, bearer(owner.accessToken));
    const revoked = await connectRaw(api.wsUrl, bearer(second.login.accessToken));
    expect([kept.ack, revoked.ack]).toEqual([true, true]);
    const closing = closed(revoked.socket);
    await gqlOk(
      api,
      'mutation Revoke($id: ID!) { revokeSession(id: $id) }',
      { id: secondSession },
      owner.accessToken,
    );
    expect(await closing).toBe(4403);
    expect(await firstTick(kept.socket)).toEqual(expect.any(String));
    kept.socket.close();
  });

  it('closes the socket of a member removed from the organization', async () => {
    const owner = await registerUser(api);
    const agent = await addMemberWithRole(api, owner, 'AGENT');
    const { ack, socket } = await connectRaw(api.wsUrl, bearer(agent.accessToken));
    expect(ack).toBe(true);
    await firstTick(socket);
    const closing = closed(socket);
    await gqlOk(
      api,
      'mutation Remove($membershipId: ID!) { removeMember(membershipId: $membershipId) }',
      { membershipId: agent.membershipId },
      owner.accessToken,
    );
    expect(await closing).toBe(4403);
  });

  it('keeps the socket of a removed member that acts in another organization', async () => {
    // The person owns organization A and is a member of B; removal from B leaves A alone.
    const ownerB = await registerUser(api);
    const person = await registerUser(api);
    const { membershipId } = await addExistingMember(api, ownerB, person, 'AGENT');
    const inA = await connectRaw(api.wsUrl, bearer(person.accessToken));
    expect(inA.ack).toBe(true);
    await gqlOk(
      api,
      'mutation Remove($membershipId: ID!) { removeMember(membershipId: $membershipId) }',
      { membershipId },
      ownerB.accessToken,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(inA.socket.readyState).toBe(WebSocket.OPEN);
    inA.socket.close();
  });

  it('accepts an API key on a WebSocket and closes it when the key is revoked', async () => {
    const owner = await registerUser(api);
    const key = await createApiKey(api, owner, 'VIEWER');
    const { ack, socket } = await connectRaw(api.wsUrl, bearer(key.secret));
    expect(ack).toBe(true);
    expect(await firstTick(socket)).toEqual(expect.any(String));
    const closing = closed(socket);
    await gqlOk(
      api,
      'mutation Revoke($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: key.id },
      owner.accessToken,
    );
    expect(await closing).toBe(4403);
    expect((await connectRaw(api.wsUrl, bearer(key.secret))).code).toBe(4403);
    expect((await gqlError(api, '{ members { totalCount } }', {}, key.secret)).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  // Last in the file: it starts and stops a second instance in this process.
  it('keeps authenticating after another api instance in the same process stops', async () => {
    const owner = await registerUser(api);
    const second = await startApi({ env: { LOGIN_MAX_ATTEMPTS_PER_IP: '100000' } });
    expect(await meCode(second, owner.accessToken)).toBe('OK');
    await second.close();
    expect(await meCode(api, owner.accessToken)).toBe('OK');
  });
});
