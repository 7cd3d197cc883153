import { issueState, readCookie, STATE_TTL_MS, verifyState } from './oauth-state';

describe('OAuth state', () => {
  const key = 'k'.repeat(32);
  const who = { userId: 'user-1', organizationId: 'org-1' };
  const nonce = 'browser-nonce';

  it('round-trips who asked, with a state id, for the browser holding the nonce', () => {
    const verified = verifyState(key, issueState(key, who, nonce), nonce);
    expect(verified).toMatchObject(who);
    expect(verified?.stateId).toMatch(/^[\w-]{16,}$/);
    expect(verified?.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses a state without or with another nonce', () => {
    const state = issueState(key, who, nonce);
    expect(verifyState(key, state, undefined)).toBeNull();
    expect(verifyState(key, state, 'other-nonce')).toBeNull();
  });

  it('refuses a state that expired, was signed with another key or was altered', () => {
    const now = Date.now();
    const state = issueState(key, who, nonce, now);
    expect(verifyState(key, state, nonce, now + STATE_TTL_MS + 1)).toBeNull();
    expect(verifyState('other'.repeat(8), state, nonce)).toBeNull();
    const [body, signature] = state.split('.');
    const altered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), u: 'user-2' }),
    ).toString('base64url');
    expect(verifyState(key, `${altered}.${signature}`, nonce)).toBeNull();
    expect(verifyState(key, `${state}.extra`, nonce)).toBeNull();
    expect(verifyState(key, 'nonsense', nonce)).toBeNull();
  });

  it('reads a cookie from a Cookie header', () => {
    expect(readCookie('a=1; sb_google_oauth=xyz; b=2', 'sb_google_oauth')).toBe('xyz');
    expect(readCookie('a=1', 'sb_google_oauth')).toBeUndefined();
    expect(readCookie(undefined, 'sb_google_oauth')).toBeUndefined();
  });
});
