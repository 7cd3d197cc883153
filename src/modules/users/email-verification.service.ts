import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull } from 'typeorm';
import { BadUserInputError, ConflictError } from '@/common/errors/domain-errors';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { verificationMail } from '@/modules/mail/mail-templates';
import { MailService } from '@/modules/mail/mail.service';
import { EmailVerification } from './email-verification.entity';
import { User } from './user.entity';

export const VERIFICATION_TTL_HOURS = 24;

export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

const INVALID = 'This verification link is invalid, used or expired';

/**
 * Proof that a person reads the address of their account: a single-use
 * link (its token stored as SHA-256) mailed on `register` and on
 * `resendVerification`, valid 24 hours. An unverified account works in its
 * own organization but cannot join another.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly mail: MailService,
  ) {}

  /** Mails a new link in the caller's transaction; earlier unused links stop working. */
  async issue(transaction: Transaction, user: Pick<User, 'id' | 'email' | 'name'>): Promise<void> {
    const { manager } = transaction;
    await manager.update(
      EmailVerification,
      { userId: user.id, usedAt: IsNull() },
      { usedAt: new Date() },
    );
    const token = randomBytes(32).toString('base64url');
    await manager.save(
      manager.create(EmailVerification, {
        userId: user.id,
        email: user.email,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + VERIFICATION_TTL_HOURS * 3_600_000),
        usedAt: null,
      }),
    );
    await this.mail.enqueue(transaction, {
      kind: 'email_verification',
      organizationId: null,
      to: user.email,
      ...verificationMail(user.name, this.mail.link('/verify-email', { token })),
    });
  }

  /** Uses up a link and marks its account's address verified. */
  verify(token: string): Promise<User> {
    return this.transactions.run(async ({ manager }) => {
      const row = await manager.findOne(EmailVerification, {
        where: { tokenHash: hashToken(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || row.usedAt !== null || row.expiresAt.getTime() <= Date.now()) {
        throw new BadUserInputError(INVALID, [{ path: 'token', message: INVALID }]);
      }
      const user = await manager.findOne(User, {
        where: { id: row.userId },
        lock: { mode: 'pessimistic_write' },
      });
      row.usedAt = new Date();
      await manager.save(row);
      // The account's address changed since the link was sent: it proves nothing.
      if (!user || user.email !== row.email) {
        throw new BadUserInputError(INVALID, [{ path: 'token', message: INVALID }]);
      }
      user.emailVerifiedAt ??= new Date();
      return manager.save(user);
    });
  }

  /** A fresh link for the signed-in person; CONFLICT when already verified. */
  resend(userId: string): Promise<boolean> {
    return this.transactions.run(async (transaction) => {
      const user = await transaction.manager.findOneByOrFail(User, { id: userId });
      if (user.emailVerifiedAt) throw new ConflictError('This email address is already verified');
      await this.issue(transaction, user);
      return true;
    });
  }
}
