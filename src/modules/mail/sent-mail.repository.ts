import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MailStatus, SentMail } from './sent-mail.entity';

/** A message claimed for one delivery attempt (see SentMailRepository.claim). */
export type ClaimedMail = Pick<
  SentMail,
  'id' | 'kind' | 'toAddress' | 'subject' | 'text' | 'html' | 'attempts'
>;

/** The SQL of `sent_mail`: the outgoing messages and their delivery state. */
@Injectable()
export class SentMailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes `mail` in the transaction of `manager`. */
  insert(manager: EntityManager, mail: Partial<SentMail>): Promise<SentMail> {
    const repository = manager.getRepository(SentMail);
    return repository.save(repository.create(mail));
  }

  /** The newest `limit` messages about `organizationId`, newest first. */
  findNewest(organizationId: string, limit: number): Promise<SentMail[]> {
    return this.dataSource.getRepository(SentMail).find({
      where: { organizationId },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  /** The ids of up to `limit` PENDING messages due now, the longest due first. */
  async findDueIds(limit: number): Promise<string[]> {
    const due: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM sent_mail WHERE status = 'PENDING' AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT ${limit}`,
    );
    return due.map(({ id }) => id);
  }

  /**
   * Claims message `id` for one attempt if it is still PENDING and due:
   * counts the attempt and holds it for `leaseMs` (another process may
   * retry after that). Null if it is not due or someone else holds it.
   */
  async claim(id: string, leaseMs: number): Promise<ClaimedMail | null> {
    // An UPDATE answers [rows, count].
    const [claimed]: [ClaimedMail[], number] = await this.dataSource.query(
      `UPDATE sent_mail
          SET attempts = attempts + 1,
              next_attempt_at = now() + make_interval(secs => $2::double precision / 1000),
              updated_at = now()
        WHERE id = $1 AND status = 'PENDING' AND next_attempt_at <= now()
        RETURNING id, kind, to_address AS "toAddress", subject, text, html, attempts`,
      [id, leaseMs],
    );
    return claimed?.[0] ?? null;
  }

  /** Records a failed attempt and makes the message due again in `delayMs`. */
  async scheduleRetry(id: string, lastError: string, delayMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE sent_mail SET last_error = $2, updated_at = now(),
                next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
          WHERE id = $1`,
      [id, lastError, delayMs],
    );
  }

  /** Sets the final status (with `sent_at` unless FAILED). */
  async finish(id: string, status: MailStatus, lastError: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE sent_mail SET status = $2, last_error = $3, updated_at = now(),
              sent_at = CASE WHEN $4 THEN now() ELSE sent_at END
        WHERE id = $1`,
      [id, status, lastError, status !== MailStatus.FAILED],
    );
  }
}
