import type { DataSource } from 'typeorm';
import { BadUserInputError, NotFoundError, RateLimitedError } from '@/common/errors/domain-errors';
import { hashSecret } from './password';
import type { User } from './user.entity';
import {
  VOICE_PIN_LOCK_MINUTES,
  VOICE_PIN_MAX_FAILURES,
  VoicePinService,
} from './voice-pin.service';

/* VoicePinService over an in-memory user row; PINs are hashed with real argon2. */

function setup(row: Partial<User> | null = { id: 'u1' }) {
  const user =
    row && ({ voicePinHash: null, voicePinFailures: 0, voicePinLockedUntil: null, ...row } as User);
  const update = jest.fn(async (_where: unknown, values: Partial<User>) => {
    if (user) Object.assign(user, values);
  });
  const manager = {
    update: jest.fn(async (_entity: unknown, where: unknown, values: Partial<User>) =>
      update(where, values),
    ),
    getRepository: () => ({
      createQueryBuilder: () => {
        const qb = {
          addSelect: () => qb,
          setLock: () => qb,
          where: () => qb,
          getOne: async () => user,
        };
        return qb;
      },
    }),
  };
  const dataSource = {
    transaction: jest.fn((work: (m: typeof manager) => Promise<unknown>) => work(manager)),
    getRepository: () => ({ update, findOneBy: async () => user }),
  };
  const service = new VoicePinService(dataSource as unknown as DataSource);
  return { service, user: user!, update };
}

describe('VoicePinService.set', () => {
  it('refuses anything but 4 to 8 digits', async () => {
    const { service, update } = setup();
    for (const pin of ['123', '123456789', '12a4', ' 2580', '']) {
      const error = await service.set('u1', pin).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BadUserInputError);
      expect((error as BadUserInputError).details).toEqual({
        fields: [{ path: 'pin', message: 'must be 4 to 8 digits' }],
      });
    }
    expect(update).not.toHaveBeenCalled();
  });

  it('refuses one repeated digit and runs up or down', async () => {
    const { service, update } = setup();
    for (const pin of ['0000', '77777777', '1234', '3456789', '9876', '6543']) {
      await expect(service.set('u1', pin)).rejects.toThrow('PIN is too easy to guess');
    }
    expect(update).not.toHaveBeenCalled();
  });

  it('stores a hash and clears failures and any lock', async () => {
    const { service, user } = setup({
      id: 'u1',
      voicePinFailures: 3,
      voicePinLockedUntil: new Date(Date.now() + 60_000),
    });
    const saved = await service.set('u1', '2580');
    expect(saved).toBe(user);
    expect(user.voicePinHash).toMatch(/^\$argon2id\$/);
    expect(user.voicePinHash).not.toContain('2580');
    expect(user).toMatchObject({
      voicePinSet: true,
      voicePinFailures: 0,
      voicePinLockedUntil: null,
    });
  });

  it('answers NOT_FOUND for an unknown user', async () => {
    const { service } = setup(null);
    await expect(service.set('ghost', '2580')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('VoicePinService.verify', () => {
  const now = new Date('2026-01-01T12:00:00Z');

  it('fails without a PIN set', async () => {
    const { service } = setup();
    expect(await service.verify('u1', '2580', now)).toEqual({
      ok: false,
      locked: false,
      lockedUntil: null,
    });
  });

  it('accepts the right PIN and resets the failures', async () => {
    const { service, user } = setup({
      id: 'u1',
      voicePinHash: await hashSecret('2580'),
      voicePinFailures: 3,
    });
    expect(await service.verify('u1', '2580', now)).toEqual({ ok: true });
    expect(user.voicePinFailures).toBe(0);
  });

  it(`counts misses and locks for ${VOICE_PIN_LOCK_MINUTES} minutes at the ${VOICE_PIN_MAX_FAILURES}th`, async () => {
    const { service, user } = setup({ id: 'u1', voicePinHash: await hashSecret('2580') });
    for (let miss = 1; miss < VOICE_PIN_MAX_FAILURES; miss++) {
      expect(await service.verify('u1', '0852', now)).toEqual({
        ok: false,
        locked: false,
        lockedUntil: null,
      });
      expect(user.voicePinFailures).toBe(miss);
    }
    const lockedUntil = new Date(now.getTime() + VOICE_PIN_LOCK_MINUTES * 60_000);
    expect(await service.verify('u1', '0852', now)).toEqual({
      ok: false,
      locked: true,
      lockedUntil,
    });
    // The lock starts a fresh budget for when it ends.
    expect(user).toMatchObject({ voicePinFailures: 0, voicePinLockedUntil: lockedUntil });
  });

  it('refuses even the right PIN while locked, and checks again once the lock has passed', async () => {
    const lockedUntil = new Date(now.getTime() + 60_000);
    const { service, user } = setup({
      id: 'u1',
      voicePinHash: await hashSecret('2580'),
      voicePinLockedUntil: lockedUntil,
    });
    expect(await service.verify('u1', '2580', now)).toEqual({
      ok: false,
      locked: true,
      lockedUntil,
    });
    expect(user.voicePinLockedUntil).toBe(lockedUntil);
    expect(await service.verify('u1', '2580', new Date(now.getTime() + 60_001))).toEqual({
      ok: true,
    });
    expect(user.voicePinLockedUntil).toBeNull();
  });

  it('verifyOrThrow: RATE_LIMITED while locked, a boolean otherwise', async () => {
    const { service, user } = setup({ id: 'u1', voicePinHash: await hashSecret('2580') });
    expect(await service.verifyOrThrow('u1', '2580')).toBe(true);
    expect(await service.verifyOrThrow('u1', '1111')).toBe(false);
    user.voicePinLockedUntil = new Date(Date.now() + 90_000);
    const error = await service.verifyOrThrow('u1', '2580').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).message).toBe('Voice PIN locked');
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(89);
    expect((error as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(90);
  });
});
