import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { SyncStatus } from '@/common/enums/sync-status';

/**
 * A person's Google Calendar linked to the organization. The refresh token
 * is sealed with SecretBox (AES-256-GCM) under the context
 * `<organizationId>:<connectionId>`; the plain token never touches the
 * database or Redis.
 */
@ObjectType('CalendarConnection')
@Entity('calendar_connection')
@Index('calendar_connection_user_provider_unique', ['organizationId', 'userId', 'provider'], {
  unique: true,
})
@Unique('calendar_connection_organization_id_key', ['organizationId', 'id'])
export class CalendarConnection extends TenantEntity {
  @Column({ type: 'uuid' })
  userId: string;

  @Field()
  @Column({ type: 'text', default: 'google' })
  provider: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  accountEmail: string | null;

  /** The provider's calendar id ("primary" for Google). */
  @Column({ type: 'text', default: 'primary' })
  calendarId: string;

  @Field(() => SyncStatus)
  @Column({ type: 'enum', enum: SyncStatus, enumName: 'sync_status', default: SyncStatus.IDLE })
  status: SyncStatus;

  @Column({ type: 'text', nullable: true, select: false })
  refreshTokenSealed: string | null;

  /** Google's nextSyncToken of the last complete sync; null means the next sync is full. */
  @Column({ type: 'text', nullable: true })
  syncToken: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastSyncedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @SameOrganization('Membership', 'user_id', 'CASCADE', 'userId')
  readonly memberFk?: never;
}
