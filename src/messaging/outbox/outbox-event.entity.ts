import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { References } from '@/database/references';
import { TRACEPARENT_SETTING } from '@/database/transaction.service';

/**
 * A domain event written in the same transaction as the change it describes.
 * The relay publishes it after commit: to a BullMQ queue (jobId = this id, so
 * a retried publish never makes a second job) and/or to pub/sub.
 */
@Entity('outbox_event')
@Index('outbox_event_pending_idx', ['availableAt'], { where: '"published_at" IS NULL' })
@Index('outbox_event_published_idx', ['publishedAt'], { where: '"published_at" IS NOT NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  organizationId: string | null;

  /** Pub/sub trigger name; null when the event only feeds a queue. */
  @Column({ type: 'text', nullable: true })
  topic: string | null;

  @Column({ type: 'text', nullable: true })
  queue: string | null;

  @Column({ type: 'text', nullable: true })
  jobName: string | null;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /**
   * The relay batch that holds this row while it publishes it (see
   * OutboxRelay): set with `claimedUntil` by the claim, cleared when the row
   * is marked published or postponed. Only the holder may mark the row.
   */
  @Column('uuid', { nullable: true })
  claimToken: string | null;

  /** End of the holder's lease: after it, another relay may claim the row again. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  /**
   * The W3C trace context (traceparent) of the transaction that wrote the
   * row, when tracing is on: TransactionService sets the transaction's
   * `switchboard.traceparent` setting, and this default reads it, so every
   * writer's rows (its own INSERTs included) carry it. The relay publishes
   * the row in that trace (OutboxRelay). Null when tracing is off.
   */
  @Column({
    type: 'text',
    nullable: true,
    default: () => `NULLIF(current_setting('${TRACEPARENT_SETTING}', true), '')`,
  })
  traceparent: string | null;

  @References('Organization', 'organization_id', 'CASCADE')
  readonly organizationFk?: never;
}
