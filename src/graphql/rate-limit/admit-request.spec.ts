import type { IncomingMessage } from 'node:http';
import { clientIp } from './admit-request';
import { Role } from '@/access/role';
import { rateLimitSubject } from './api-rate-limiter';

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
