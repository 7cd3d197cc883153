import { VoicePinService } from '@/modules/users/voice-pin.service';
import { registerUser } from '../factories/identity.factory';
import { startApi, TestApp } from '../utils/test-app';
import { graphql } from '../utils/graphql-client';

describe('voice PIN verification (for the voice module)', () => {
  let api: TestApp;
  let pins: VoicePinService;

  beforeAll(async () => {
    api = await startApi();
    pins = api.app.get(VoicePinService);
  });
  afterAll(() => api.close());

  async function userWithPin(pin: string): Promise<string> {
    const user = await registerUser(api);
    const { body } = await graphql<{ setVoicePin: { hasVoicePin: boolean } }>(
      api.graphqlUrl,
      'mutation ($pin: String!) { setVoicePin(pin: $pin) { hasVoicePin } }',
      { pin },
      { token: user.accessToken },
    );
    expect(body.data!.setVoicePin.hasVoicePin).toBe(true);
    return user.userId;
  }

  it('accepts the right PIN and refuses a wrong one', async () => {
    const userId = await userWithPin('482913');
    expect(await pins.verify(userId, '482913')).toEqual({ ok: true });
    expect(await pins.verify(userId, '000000')).toMatchObject({ ok: false, locked: false });
  });

  it('locks for 15 minutes after 5 failures, refusing even the right PIN, then accepts it again', async () => {
    const userId = await userWithPin('7305');
    for (let attempt = 1; attempt < 5; attempt += 1) {
      expect(await pins.verify(userId, '1111')).toMatchObject({ ok: false, locked: false });
    }
    const fifth = await pins.verify(userId, '1111');
    expect(fifth).toMatchObject({ ok: false, locked: true });
    if (fifth.ok) throw new Error('unreachable');
    const minutes = (fifth.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14.9);
    expect(minutes).toBeLessThanOrEqual(15);
    expect(await pins.verify(userId, '7305')).toMatchObject({ ok: false, locked: true });
    const later = new Date(Date.now() + 15 * 60_000 + 1000);
    expect(await pins.verify(userId, '7305', later)).toEqual({ ok: true });
  });

  it('counts parallel guesses under a row lock, so the budget cannot be exceeded', async () => {
    const userId = await userWithPin('5821');
    const results = await Promise.all(Array.from({ length: 8 }, () => pins.verify(userId, '9999')));
    expect(results.filter((result) => !result.ok && result.locked)).not.toHaveLength(0);
    expect(await pins.verify(userId, '5821')).toMatchObject({ ok: false, locked: true });
  });
});
