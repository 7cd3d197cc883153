import { Column, Entity, Index, Unique } from 'typeorm';
import { TenantEntity } from '@/database/base.entity';

export type VoiceTurnState = 'RUNNING' | 'DONE';

/**
 * One Twilio request of a voice call and the TwiML it was answered with
 * (turn 0: the greeting; then one per Gather). Claimed before any effect,
 * keyed by CallSid + turn and by Twilio's idempotency token, so a retried
 * request gets the same TwiML and repeats nothing. A slow turn is RUNNING
 * until its result is written here, where any api process can serve it.
 */
@Entity('voice_turn')
@Unique('voice_turn_call_sid_turn_key', ['callSid', 'turn'])
@Index('voice_turn_idempotency_token_key', ['idempotencyToken'], {
  unique: true,
  where: '"idempotency_token" IS NOT NULL',
})
@Index('voice_turn_created_idx', ['createdAt'])
export class VoiceTurn extends TenantEntity {
  @Column({ type: 'text' })
  callSid: string;

  @Column({ type: 'int' })
  turn: number;

  @Column({ type: 'text', nullable: true })
  idempotencyToken: string | null;

  @Column({ type: 'text' })
  state: VoiceTurnState;

  @Column({ type: 'text', nullable: true })
  twiml: string | null;
}
