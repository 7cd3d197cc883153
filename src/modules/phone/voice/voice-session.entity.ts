import { Column, Entity, Index, Unique } from 'typeorm';
import { TenantEntity } from '@/database/base.entity';
import { References, SameOrganization } from '@/database/references';

/** Where a call to the voice assistant is: who is calling, then the PIN, then requests; ENDED on hang-up. */
export type VoiceSessionState = 'IDENTIFY' | 'PIN' | 'READY' | 'ENDED';

/**
 * One call to the voice assistant (keyed by Twilio's CallSid): the number
 * dialled, the caller's number, the members the caller may be (from caller
 * ID or a keyed-in number), the member once their PIN was accepted, failed
 * attempts, the assistant conversation and the last turn served.
 */
@Entity('voice_session')
@Unique('voice_session_call_sid_key', ['callSid'])
@Unique('voice_session_organization_id_key', ['organizationId', 'id'])
@Index('voice_session_organization_user_idx', ['organizationId', 'userId'])
export class VoiceSession extends TenantEntity {
  @Column({ type: 'text' })
  callSid: string;

  @Column({ type: 'uuid' })
  phoneNumberId: string;

  @Column({ type: 'text' })
  callerNumber: string;

  /** The members the caller may be (each has a voice PIN); the PIN decides. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  candidateUserIds: string[];

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  state: VoiceSessionState;

  /** Failed attempts in the current state (a number not found, a wrong PIN). */
  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ type: 'uuid', nullable: true })
  conversationId: string | null;

  /** The last turn served (0: the greeting). */
  @Column({ type: 'int', default: 0 })
  turn: number;

  @References('PhoneNumber', 'phone_number_id', 'CASCADE')
  readonly phoneNumberFk?: never;

  @References('User', 'user_id', 'SET NULL')
  readonly userFk?: never;

  /** A conversation pruned after its time to live is forgotten here too (the next turn starts one). */
  @SameOrganization('AssistantConversation', 'conversation_id', 'SET NULL')
  readonly conversationFk?: never;
}
