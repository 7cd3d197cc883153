import { BadUserInputError, ConflictError } from '@/common/errors/domain-errors';
import type { Transaction, TransactionService } from '@/database/transaction.service';
import type { MailService } from '@/modules/mail/mail.service';
import { EmailVerification } from './email-verification.entity';
import {
  EmailVerificationService,
  hashToken,
  VERIFICATION_TTL_HOURS,
} from './email-verification.service';
import { User } from './user.entity';

/* EmailVerificationService over an in-memory EntityManager and a fake mailer. */

const HOUR = 3_600_000;

function setup() {
  const links: EmailVerification[] = [];
  const users = new Map<string, User>([
    ['u1', { id: 'u1', email: 'ada@example.com', name: 'Ada', emailVerifiedAt: null } as User],
  ]);
  const manager = {
    update: jest.fn(
      async (
        _entity: unknown,
        where: { userId: string; usedAt: unknown },
        values: { usedAt: Date },
      ) => {
        for (const link of links) {
          if (link.userId === where.userId && link.usedAt === null) link.usedAt = values.usedAt;
        }
      },
    ),
    create: (_entity: unknown, data: object) => ({ ...data }),
    save: jest.fn(async <T extends object>(entity: T): Promise<T> => {
      if ('tokenHash' in entity && !links.includes(entity as unknown as EmailVerification)) {
        links.push(entity as unknown as EmailVerification);
      }
      return entity;
    }),
    findOne: jest.fn(async (entity: unknown, options: { where: Record<string, string> }) =>
      entity === EmailVerification
        ? (links.find((link) => link.tokenHash === options.where.tokenHash) ?? null)
        : (users.get(options.where.id) ?? null),
    ),
    findOneByOrFail: async (_entity: unknown, where: { id: string }) => users.get(where.id)!,
  };
  const transaction = { manager, afterCommit: () => undefined } as unknown as Transaction;
  const transactions = {
    run: (work: (transaction: Transaction) => Promise<unknown>) => work(transaction),
  };
  const mail = {
    link: jest.fn(
      (path: string, query: Record<string, string>) =>
        `https://app.example${path}?token=${query.token}`,
    ),
    enqueue: jest.fn().mockResolvedValue({}),
  };
  const service = new EmailVerificationService(
    transactions as unknown as TransactionService,
    mail as unknown as MailService,
  );
  /** The token of the n-th link mailed. */
  const mailedToken = (n = 0) => mail.link.mock.calls[n][1].token;
  return { service, links, users, manager, transaction, mail, mailedToken };
}

describe('EmailVerificationService', () => {
  it('mails a link whose token is stored only as its hash, valid 24 hours', async () => {
    const { service, links, transaction, mail, mailedToken, users } = setup();
    const before = Date.now();
    await service.issue(transaction, users.get('u1')!);
    const token = mailedToken();
    expect(mail.link).toHaveBeenCalledWith('/verify-email', { token });
    expect(links).toEqual([
      expect.objectContaining({
        userId: 'u1',
        email: 'ada@example.com',
        tokenHash: hashToken(token),
        usedAt: null,
      }),
    ]);
    expect(JSON.stringify(links)).not.toContain(token);
    const ttl = links[0].expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThanOrEqual(VERIFICATION_TTL_HOURS * HOUR);
    expect(ttl).toBeLessThan(VERIFICATION_TTL_HOURS * HOUR + 5_000);
    const [, message] = mail.enqueue.mock.calls[0];
    expect(message).toMatchObject({
      kind: 'email_verification',
      organizationId: null,
      to: 'ada@example.com',
    });
  });

  it('verifies the address with the latest link only, once', async () => {
    const { service, transaction, mailedToken, users } = setup();
    await service.issue(transaction, users.get('u1')!);
    await service.issue(transaction, users.get('u1')!);
    await expect(service.verify(mailedToken(0))).rejects.toBeInstanceOf(BadUserInputError);
    const user = await service.verify(mailedToken(1));
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);
    const error = await service.verify(mailedToken(1)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'This verification link is invalid, used or expired',
      details: {
        fields: [{ path: 'token', message: 'This verification link is invalid, used or expired' }],
      },
    });
  });

  it('refuses an unknown or expired link', async () => {
    const { service, transaction, mailedToken, users, links } = setup();
    await expect(service.verify('made-up')).rejects.toBeInstanceOf(BadUserInputError);
    await service.issue(transaction, users.get('u1')!);
    links[0].expiresAt = new Date(Date.now() - 1);
    await expect(service.verify(mailedToken())).rejects.toBeInstanceOf(BadUserInputError);
    expect(users.get('u1')!.emailVerifiedAt).toBeNull();
  });

  it('uses up, but does not honour, a link sent to an address the account no longer has', async () => {
    const { service, transaction, mailedToken, users, links } = setup();
    await service.issue(transaction, users.get('u1')!);
    users.get('u1')!.email = 'new@example.com';
    await expect(service.verify(mailedToken())).rejects.toBeInstanceOf(BadUserInputError);
    expect(links[0].usedAt).toBeInstanceOf(Date);
    expect(users.get('u1')!.emailVerifiedAt).toBeNull();
  });

  it('keeps the first verification time', async () => {
    const { service, transaction, mailedToken, users } = setup();
    const first = new Date('2025-01-01T00:00:00Z');
    users.get('u1')!.emailVerifiedAt = first;
    await service.issue(transaction, users.get('u1')!);
    expect((await service.verify(mailedToken())).emailVerifiedAt).toBe(first);
  });

  it('resends to an unverified address and answers CONFLICT for a verified one', async () => {
    const { service, users, mail } = setup();
    expect(await service.resend('u1')).toBe(true);
    expect(mail.enqueue).toHaveBeenCalledTimes(1);
    users.get('u1')!.emailVerifiedAt = new Date();
    await expect(service.resend('u1')).rejects.toBeInstanceOf(ConflictError);
    expect(mail.enqueue).toHaveBeenCalledTimes(1);
  });
});
