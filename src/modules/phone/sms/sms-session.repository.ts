import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface SmsSessionRow {
  userId: string;
  unlockedUntil: Date | null;
  conversationId: string | null;
}

/** The SQL of SMS unlocks (one row per organization and sender phone). */
@Injectable()
export class SmsSessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(organizationId: string, phone: string): Promise<SmsSessionRow | null> {
    const rows = await this.dataSource.query<SmsSessionRow[]>(
      `SELECT user_id AS "userId", unlocked_until AS "unlockedUntil", conversation_id AS "conversationId"
         FROM sms_session WHERE organization_id = $1 AND phone = $2`,
      [organizationId, phone],
    );
    return rows[0] ?? null;
  }

  /**
   * Unlocks `phone` for `userId` until `until`. The conversation is kept
   * when the same member unlocks again; another member starts afresh.
   */
  async unlock(organizationId: string, phone: string, userId: string, until: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sms_session (organization_id, phone, user_id, unlocked_until)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT sms_session_organization_phone_key DO UPDATE
          SET conversation_id = CASE WHEN sms_session.user_id = EXCLUDED.user_id
                                     THEN sms_session.conversation_id END,
              user_id = EXCLUDED.user_id,
              unlocked_until = EXCLUDED.unlocked_until,
              updated_at = now()`,
      [organizationId, phone, userId, until],
    );
  }

  /** Remembers the assistant conversation of the member's texts. */
  async rememberConversation(
    organizationId: string,
    phone: string,
    userId: string,
    conversationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE sms_session SET conversation_id = $4, updated_at = now()
        WHERE organization_id = $1 AND phone = $2 AND user_id = $3`,
      [organizationId, phone, userId, conversationId],
    );
  }

  /** Deletes unlocks expired for more than `days` days; returns how many. */
  async deleteExpired(days: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM sms_session
        WHERE unlocked_until IS NULL OR unlocked_until < now() - make_interval(days => $1)`,
      [days],
    );
    return result[1];
  }
}
