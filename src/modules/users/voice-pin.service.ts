import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BadUserInputError, NotFoundError, RateLimitedError } from '@/common/errors/domain-errors';
import { hashSecret, verifySecret } from './password';
import { User } from './user.entity';

export const VOICE_PIN_MAX_FAILURES = 5;
export const VOICE_PIN_LOCK_MINUTES = 15;
const PIN = /^\d{4,8}$/;

export type VoicePinResult =
  { ok: true } | { ok: false; locked: boolean; lockedUntil: Date | null };

/** Phone callers prove who they are with a 4–8 digit PIN; five misses lock it for 15 minutes. */
@Injectable()
export class VoicePinService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async set(userId: string, pin: string): Promise<User> {
    if (!PIN.test(pin)) {
      throw new BadUserInputError('PIN must be 4 to 8 digits', [
        { path: 'pin', message: 'must be 4 to 8 digits' },
      ]);
    }
    if (new Set(pin).size === 1 || '0123456789'.includes(pin) || '9876543210'.includes(pin)) {
      throw new BadUserInputError('PIN is too easy to guess', [
        { path: 'pin', message: 'must not be one repeated digit or a run of digits' },
      ]);
    }
    const hash = await hashSecret(pin);
    await this.dataSource
      .getRepository(User)
      .update(
        { id: userId },
        { voicePinHash: hash, voicePinSet: true, voicePinFailures: 0, voicePinLockedUntil: null },
      );
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user) throw new NotFoundError('User', userId);
    return user;
  }

  /**
   * Checks a PIN under a row lock, so parallel guesses cannot exceed the
   * failure budget. A locked PIN is refused without being checked.
   */
  verify(userId: string, pin: string, now = new Date()): Promise<VoicePinResult> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager
        .getRepository(User)
        .createQueryBuilder('user')
        .addSelect('user.voicePinHash')
        .setLock('pessimistic_write')
        .where('user.id = :userId', { userId })
        .getOne();
      if (!user?.voicePinHash) return { ok: false, locked: false, lockedUntil: null };
      if (user.voicePinLockedUntil && user.voicePinLockedUntil > now) {
        return { ok: false, locked: true, lockedUntil: user.voicePinLockedUntil };
      }
      if (await verifySecret(user.voicePinHash, pin)) {
        await manager.update(
          User,
          { id: userId },
          { voicePinFailures: 0, voicePinLockedUntil: null },
        );
        return { ok: true };
      }
      const failures = user.voicePinFailures + 1;
      const lockedUntil =
        failures >= VOICE_PIN_MAX_FAILURES
          ? new Date(now.getTime() + VOICE_PIN_LOCK_MINUTES * 60_000)
          : null;
      await manager.update(
        User,
        { id: userId },
        { voicePinFailures: lockedUntil ? 0 : failures, voicePinLockedUntil: lockedUntil },
      );
      return { ok: false, locked: lockedUntil !== null, lockedUntil };
    });
  }

  /** For callers that want an exception: RATE_LIMITED while locked, FORBIDDEN-free boolean otherwise. */
  async verifyOrThrow(userId: string, pin: string): Promise<boolean> {
    const result = await this.verify(userId, pin);
    if (!result.ok && result.locked && result.lockedUntil) {
      throw new RateLimitedError(
        Math.ceil((result.lockedUntil.getTime() - Date.now()) / 1000),
        'Voice PIN locked',
      );
    }
    return result.ok;
  }
}
