import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { admitHttpRequest, clientIp } from './admit-request';
import { Role } from '@/access/role';
import { ApiRateLimiter, rateLimitSubject } from './api-rate-limiter';
import type { ConnectionAuthenticator } from '../connection-authenticator';
import type { Viewer } from '@/access/viewer';

const request = (remoteAddress: string, forwarded?: string): IncomingMessage =>
  ({
    socket: { remoteAddress },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  }) as unknown as IncomingMessage;

describe('clientIp', () => {
  const loopbackOnly = (address: string) => address === '127.0.0.1';

  it('is the peer address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientIp(request('10.1.2.3', '198.51.100.7'), undefined)).toBe('10.1.2.3');
    expect(clientIp(request('10.1.2.3', '198.51.100.7'), () => false)).toBe('10.1.2.3');
  });

  it('walks X-Forwarded-For from the nearest hop while the hop is trusted', () => {
    expect(clientIp(request('127.0.0.1', '198.51.100.7'), loopbackOnly)).toBe('198.51.100.7');
    // A spoofed first entry is not believed past an untrusted hop.
    expect(clientIp(request('127.0.0.1', '1.1.1.1, 198.51.100.7'), loopbackOnly)).toBe(
      '198.51.100.7',
    );
    expect(clientIp(request('127.0.0.1'), loopbackOnly)).toBe('127.0.0.1');
  });
});

describe('rateLimitSubject', () => {
  const base = { organizationId: 'o', role: Role.AGENT, sessionId: null, expiresAt: null };

  it('counts a user, an API key and an anonymous caller apart', () => {
    expect(
      rateLimitSubject({ ...base, kind: 'user', userId: 'u1', apiKeyId: null }, '1.2.3.4'),
    ).toBe('user:u1');
    expect(
      rateLimitSubject({ ...base, kind: 'api-key', userId: null, apiKeyId: 'k1' }, '1.2.3.4'),
    ).toBe('key:k1');
    expect(rateLimitSubject(undefined, '1.2.3.4')).toBe('ip:1.2.3.4');
  });
});

describe('admitHttpRequest', () => {
  const viewer: Viewer = {
    kind: 'user',
    organizationId: 'o',
    role: Role.AGENT,
    userId: 'u1',
    sessionId: 's1',
    apiKeyId: null,
    expiresAt: null,
  };
  const req = (authorization?: string): Request =>
    ({
      headers: authorization ? { authorization } : {},
      ip: '10.0.0.9',
      socket: { remoteAddress: '10.0.0.9' },
    }) as unknown as Request;

  function setup(result: Viewer | null) {
    const calls: unknown[] = [];
    const authenticator: ConnectionAuthenticator = {
      authenticate: (params) => {
        calls.push(params.authorization);
        return Promise.resolve(result ? { viewer: result } : null);
      },
    };
    const subjects: string[] = [];
    const limiter = {
      consume: (subject: string) => {
        subjects.push(subject);
        return Promise.resolve();
      },
    } as unknown as ApiRateLimiter;
    return { calls, authenticator, subjects, limiter };
  }

  it('authenticates once and hands the viewer on for the context (the guard does not ask again)', async () => {
    const { calls, authenticator, subjects, limiter } = setup(viewer);
    await expect(admitHttpRequest(limiter, authenticator, req('Bearer t'))).resolves.toBe(viewer);
    expect(calls).toEqual(['Bearer t']);
    expect(subjects).toEqual(['user:u1']);
  });

  it('charges the client IP and hands on no viewer for bad or missing credentials', async () => {
    const bad = setup(null);
    await expect(
      admitHttpRequest(bad.limiter, bad.authenticator, req('Bearer nope')),
    ).resolves.toBe(undefined);
    expect(bad.subjects).toEqual(['ip:10.0.0.9']);
    const none = setup(viewer);
    await expect(admitHttpRequest(none.limiter, none.authenticator, req())).resolves.toBe(
      undefined,
    );
    expect(none.calls).toEqual([]);
  });
});
