import { issueState, STATE_TTL_MS, verifyState } from './oauth-state';

describe('OAuth state', () => {
  const key = 'k'.repeat(32);
  const who = { userId: 'user-1', organizationId: 'org-1' };

  it('round-trips who asked', () => {
    expect(verifyState(key, issueState(key, who))).toEqual(who);
  });

  it('refuses a state that expired, was signed with another key or was altered', () => {
    const now = Date.now();
    const state = issueState(key, who, now);
    expect(verifyState(key, state, now + STATE_TTL_MS + 1)).toBeNull();
    expect(verifyState('other'.repeat(8), state)).toBeNull();
    const [body, signature] = state.split('.');
    const altered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), u: 'user-2' }),
    ).toString('base64url');
    expect(verifyState(key, `${altered}.${signature}`)).toBeNull();
    expect(verifyState(key, `${state}.extra`)).toBeNull();
    expect(verifyState(key, 'nonsense')).toBeNull();
  });
});
