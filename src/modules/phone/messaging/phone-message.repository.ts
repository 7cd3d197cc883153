import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PhoneMessage, PhoneMessageStatus } from './phone-message.entity';
import { SmsOptOut } from './sms-opt-out.entity';

/** A message whose queue job may have been lost (the reconciler's view). */
export interface WaitingPhoneMessage {
  id: string;
  organizationId: string;
  direction: 'INBOUND' | 'OUTBOUND';
  jobId: string;
  requeues: number;
}

/** The SQL of text messages and opt-outs. Every statement names the organization. */
@Injectable()
export class PhoneMessageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insert(
    manager: EntityManager,
    row: Pick<
      PhoneMessage,
      'organizationId' | 'direction' | 'status' | 'fromNumber' | 'toNumber' | 'body'
    > &
      Partial<
        Pick<
          PhoneMessage,
          'userId' | 'twilioSid' | 'inReplyToId' | 'reply' | 'error' | 'idempotencyKey'
        >
      >,
  ): Promise<PhoneMessage> {
    return manager.save(manager.create(PhoneMessage, row));
  }

  find(
    organizationId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PhoneMessage | null> {
    return manager.findOneBy(PhoneMessage, { organizationId, id });
  }

  /** The message queued with `key` (OutboundSms.idempotencyKey), or null. */
  byIdempotencyKey(
    manager: EntityManager,
    organizationId: string,
    key: string,
  ): Promise<PhoneMessage | null> {
    return manager.findOneBy(PhoneMessage, { organizationId, idempotencyKey: key });
  }

  /** The row, locked for the caller's transaction. */
  lock(manager: EntityManager, organizationId: string, id: string): Promise<PhoneMessage | null> {
    return manager
      .getRepository(PhoneMessage)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.organization_id = :organizationId AND m.id = :id', { organizationId, id })
      .getOne();
  }

  inboundBySid(organizationId: string, messageSid: string): Promise<PhoneMessage | null> {
    return this.dataSource.manager.findOneBy(PhoneMessage, {
      organizationId,
      direction: 'INBOUND',
      twilioSid: messageSid,
    });
  }

  async update(
    organizationId: string,
    id: string,
    changes: Partial<
      Pick<PhoneMessage, 'status' | 'jobId' | 'twilioSid' | 'reply' | 'error' | 'sentAt' | 'userId'>
    >,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.update(PhoneMessage, { organizationId, id }, changes);
  }

  /**
   * Moves the message from one of `from` to `to`; false when it was in none
   * of them (another worker took it, or it ended).
   */
  async transition(
    organizationId: string,
    id: string,
    from: PhoneMessageStatus[],
    to: PhoneMessageStatus,
  ): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `UPDATE phone_message SET status = $4, updated_at = now()
        WHERE organization_id = $1 AND id = $2 AND status = ANY($3::text[])
        RETURNING id`,
      [organizationId, id, from, to],
    );
    return rows.length > 0;
  }

  /** Marks an outbound message SENDING before its request to Twilio; false when it ended meanwhile. */
  async claimSending(organizationId: string, id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `UPDATE phone_message
          SET status = 'SENDING', sending_at = now(), attempts = attempts + 1, updated_at = now()
        WHERE organization_id = $1 AND id = $2 AND status IN ('QUEUED', 'SENDING')
        RETURNING id`,
      [organizationId, id],
    );
    return rows.length > 0;
  }

  /**
   * Messages waiting on a queue job for longer than `graceMs` whose job the
   * relay has published (or pruned).
   */
  waiting(graceMs: number, limit: number): Promise<WaitingPhoneMessage[]> {
    return this.dataSource.query<WaitingPhoneMessage[]>(
      `SELECT m.id, m.organization_id AS "organizationId", m.direction, m.job_id AS "jobId",
              m.requeues
         FROM phone_message m
         LEFT JOIN outbox_event o ON o.id = m.job_id
        WHERE m.status IN ('RECEIVED', 'QUEUED', 'SENDING') AND m.job_id IS NOT NULL
          AND m.updated_at < now() - make_interval(secs => $1::float8 / 1000)
          AND (o.id IS NULL OR o.published_at IS NOT NULL)
        ORDER BY m.updated_at
        LIMIT $2`,
      [graceMs, limit],
    );
  }

  /** Records the job re-sent for a message (in the re-send's transaction). */
  async requeued(
    manager: EntityManager,
    organizationId: string,
    id: string,
    jobId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE phone_message SET job_id = $3, requeues = requeues + 1, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, jobId],
    );
  }

  /** Deletes up to `batch` messages older than `retentionDays`; returns how many. */
  async deleteOlderThan(retentionDays: number, batch: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM phone_message WHERE id IN (
           SELECT id FROM phone_message
            WHERE created_at < now() - make_interval(days => $1)
              AND status NOT IN ('RECEIVED', 'ANSWERING', 'QUEUED', 'SENDING')
            LIMIT $2)`,
      [retentionDays, batch],
    );
    return result[1];
  }

  // --- opt-outs ---

  async isOptedOut(
    organizationId: string,
    phone: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      'SELECT 1 FROM sms_opt_out WHERE organization_id = $1 AND phone = $2',
      [organizationId, phone],
    );
    return rows.length > 0;
  }

  async optOut(
    organizationId: string,
    phone: string,
    keyword: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO sms_opt_out (organization_id, phone, keyword) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT sms_opt_out_organization_phone_key
       DO UPDATE SET keyword = EXCLUDED.keyword, updated_at = now()`,
      [organizationId, phone, keyword],
    );
  }

  async optIn(
    organizationId: string,
    phone: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.delete(SmsOptOut, { organizationId, phone });
  }

  /** The organization's first number (the default sender of a message not answering a text). */
  async defaultSender(
    organizationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    const rows = await manager.query<Array<{ number: string }>>(
      `SELECT number FROM phone_number WHERE organization_id = $1
        ORDER BY sms_assistant DESC, created_at, id LIMIT 1`,
      [organizationId],
    );
    return rows[0]?.number ?? null;
  }
}
