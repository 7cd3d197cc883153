import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from '@/database/base.entity';
import { SyncStatus } from '@/common/enums/sync-status';

/**
 * A provider connection (Samsara). The API token is sealed by SecretBox with
 * context `<organizationId>:<id>`; `cursor` is the feed position, advanced in
 * the same transaction as the positions it delivered.
 */
@ObjectType('FleetIntegration')
@Entity('fleet_integration')
@Index('fleet_integration_organization_provider_key', ['organizationId', 'provider'], {
  unique: true,
})
export class FleetIntegration extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  provider: string;

  @Field(() => SyncStatus)
  @Column({
    type: 'enum',
    enum: SyncStatus,
    enumName: 'fleet_sync_status',
    default: SyncStatus.IDLE,
  })
  status: SyncStatus;

  @Column({ type: 'text' })
  tokenSealed: string;

  @Column({ type: 'text', nullable: true })
  cursor: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastPolledAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** No call before this time (a 429's Retry-After, or the 5xx back-off). */
  @Column({ type: 'timestamptz', nullable: true })
  pausedUntil: Date | null;

  /** Consecutive failed polls (5xx, network); drives the back-off. */
  @Column({ type: 'int', default: 0 })
  failures: number;
}
