import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@/access/role';
import { VoiceSession } from './voice-session.entity';
import { VoiceTurn } from './voice-turn.entity';

/** A member as the voice assistant greets and acts as them. */
export interface VoiceMember {
  userId: string;
  name: string;
  role: Role;
}

/** Bounds of the speech hints sent to Twilio (names of members and teams). */
const HINT_NAMES = 40;
const HINT_NAME_LENGTH = 50;
const HINT_TOTAL_LENGTH = 600;

/**
 * The SQL of voice calls. A Twilio callback carries no tenant: sessions and
 * turns are found by CallSid (unique across organizations, like
 * CallRepository.organizationOfTwilioSid), and every row records its
 * organization, which comes from the number dialled.
 */
@Injectable()
export class VoiceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  session(callSid: string): Promise<VoiceSession | null> {
    return this.dataSource.getRepository(VoiceSession).findOneBy({ callSid });
  }

  /** The call's session, created once however often Twilio retries the incoming call. */
  async openSession(
    fields: Pick<
      VoiceSession,
      'organizationId' | 'callSid' | 'phoneNumberId' | 'callerNumber' | 'candidateUserIds' | 'state'
    >,
  ): Promise<VoiceSession> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(VoiceSession)
      .values({ ...fields, failures: 0, turn: 0, userId: null, conversationId: null })
      .orIgnore()
      .execute();
    const session = await this.session(fields.callSid);
    if (!session) throw new Error(`voice session ${fields.callSid} vanished`);
    return session;
  }

  async updateSession(
    id: string,
    changes: Partial<
      Pick<
        VoiceSession,
        'state' | 'failures' | 'userId' | 'conversationId' | 'turn' | 'candidateUserIds'
      >
    >,
  ): Promise<void> {
    await this.dataSource.getRepository(VoiceSession).update({ id }, changes);
  }

  /** Ends the call's session (hang-up); later requests of the call get a Hangup. */
  async endSession(callSid: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(VoiceSession)
      .update({ callSid }, { state: 'ENDED' });
    return (result.affected ?? 0) > 0;
  }

  turn(callSid: string, turn: number): Promise<VoiceTurn | null> {
    return this.dataSource.getRepository(VoiceTurn).findOneBy({ callSid, turn });
  }

  turnByToken(token: string): Promise<VoiceTurn | null> {
    return this.dataSource.getRepository(VoiceTurn).findOneBy({ idempotencyToken: token });
  }

  /**
   * Claims a turn before anything happens: true for the one request that
   * inserted the row, false when the turn (or the idempotency token) was
   * claimed already, by a retry or a parallel delivery.
   */
  async claimTurn(
    organizationId: string,
    callSid: string,
    turn: number,
    token: string | null,
  ): Promise<boolean> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO voice_turn (organization_id, call_sid, turn, idempotency_token, state)
       VALUES ($1, $2, $3, $4, 'RUNNING')
       ON CONFLICT DO NOTHING RETURNING id`,
      [organizationId, callSid, turn, token],
    );
    return rows.length === 1;
  }

  async finishTurn(callSid: string, turn: number, twiml: string): Promise<void> {
    await this.dataSource
      .getRepository(VoiceTurn)
      .update({ callSid, turn }, { state: 'DONE', twiml });
  }

  /** The member's name and current role in the organization, or null when no longer a member. */
  async member(organizationId: string, userId: string): Promise<VoiceMember | null> {
    const [row] = await this.dataSource.query<Array<{ name: string; role: Role }>>(
      `SELECT u.name, m.role FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.organization_id = $1 AND m.user_id = $2`,
      [organizationId, userId],
    );
    return row ? { userId, name: row.name, role: row.role } : null;
  }

  /**
   * Speech hints: the organization's member and team names (what callers
   * say and recognisers get wrong), bounded in number and length.
   */
  async hints(organizationId: string): Promise<string> {
    const rows = await this.dataSource.query<Array<{ name: string }>>(
      `(SELECT u.name FROM membership m JOIN app_user u ON u.id = m.user_id
         WHERE m.organization_id = $1 ORDER BY u.name LIMIT $2)
       UNION
       (SELECT t.name FROM team t WHERE t.organization_id = $1 ORDER BY t.name LIMIT $2)`,
      [organizationId, HINT_NAMES],
    );
    const names: string[] = [];
    let length = 0;
    for (const { name } of rows) {
      const clean = name.replace(/[,\s]+/g, ' ').trim();
      if (!clean || clean.length > HINT_NAME_LENGTH) continue;
      if (length + clean.length + 2 > HINT_TOTAL_LENGTH || names.length >= HINT_NAMES) break;
      names.push(clean);
      length += clean.length + 2;
    }
    return names.join(', ');
  }

  /**
   * Deletes up to `batch` turns and up to `batch` sessions (of any
   * organization) created more than `retentionDays` ago; returns how many.
   */
  async deleteOlderThan(
    retentionDays: number,
    batch: number,
  ): Promise<{ turns: number; sessions: number }> {
    const [, turns]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM voice_turn WHERE id IN (
           SELECT id FROM voice_turn WHERE created_at < now() - make_interval(days => $1) LIMIT $2)`,
      [retentionDays, batch],
    );
    const [, sessions]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM voice_session WHERE id IN (
           SELECT id FROM voice_session WHERE created_at < now() - make_interval(days => $1) LIMIT $2)`,
      [retentionDays, batch],
    );
    return { turns, sessions };
  }
}
