import { createHash } from 'node:crypto';
import { createInvitationToken, hashInvitationToken } from './invitation-token';

describe('createInvitationToken', () => {
  it('makes a 32-byte base64url token and stores only its SHA-256 hex', () => {
    const { token, tokenHash } = createInvitationToken();

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(tokenHash).toBe(hashInvitationToken(token));
    expect(tokenHash).not.toContain(token);
  });

  it('expires 7 days after it is made', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(createInvitationToken(now).expiresAt).toEqual(new Date('2030-01-08T00:00:00Z'));
  });

  it('never repeats a token', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => createInvitationToken().token));
    expect(tokens.size).toBe(100);
  });
});
