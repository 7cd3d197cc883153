import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, EntityManager } from 'typeorm';
import { databaseConfig, queueConfig } from '@/config/configuration';
import { PUB_SUB } from '../pubsub/pubsub.constants';
import { MetricsService } from '@/observability/metrics.service';
import { QueueRegistry } from '../queue-registry.service';
import { jobRetryOptions } from '../retry-policy';
import { OutboxMessage } from './outbox-message';
import { OutboxRepository, PendingRow } from './outbox.repository';

const MAX_BACKOFF_SECONDS = 300;

/**
 * Publishes committed outbox rows. Any number of relays (api and worker
 * processes) may run: each batch is claimed with FOR UPDATE SKIP LOCKED, and
 * rows are marked published in the same transaction, so a crash between
 * publishing and marking re-publishes (jobs are de-duplicated by jobId) rather
 * than loses. It wakes on a local commit and polls for the rest.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private kickedWhileDraining = false;
  private coalesceTimer: NodeJS.Timeout | undefined;
  private coalescedKickPending = false;
  private stopped = true;
  private readonly outbox: OutboxRepository;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    @Inject(queueConfig.KEY) private readonly config: ConfigType<typeof queueConfig>,
    private readonly metrics: MetricsService,
    @Inject(databaseConfig.KEY) database: ConfigType<typeof databaseConfig>,
  ) {
    // Named prepared statements, except on embedded PostgreSQL (see runStatement).
    this.outbox = new OutboxRepository(dataSource, !database.embedded);
  }

  onApplicationBootstrap(): void {
    if (!this.config.outboxRelayEnabled) return;
    this.stopped = false;
    this.schedule();
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.draining;
  }

  /** Publish what is pending now rather than at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.kickedWhileDraining = true;
      return;
    }
    this.draining = this.drain().then(() => {
      this.draining = undefined;
    });
  }

  /**
   * `kick`, at most once per `windowMs`: at once unless the relay was woken
   * this way less than `windowMs` ago, then at the end of that window. For
   * a writer committing outbox rows many times a second (the scoring
   * worker's batches): the relay then publishes several commits' rows per
   * transaction instead of one commit's each (its claim, mark and commit
   * cost about the same for 16 rows as for 100), and an idle writer's rows
   * still go out at once.
   */
  kickCoalesced(windowMs: number): void {
    if (this.coalesceTimer) {
      this.coalescedKickPending = true;
      return;
    }
    this.kick();
    this.coalesceTimer = setTimeout(() => {
      this.coalesceTimer = undefined;
      if (this.coalescedKickPending) {
        this.coalescedKickPending = false;
        this.kickCoalesced(windowMs);
      }
    }, windowMs);
    this.coalesceTimer.unref();
  }

  /** Publishes until nothing is pending; resolves with the number of rows published. */
  async drain(): Promise<number> {
    let total = 0;
    try {
      let published: number;
      do {
        this.kickedWhileDraining = false;
        published = await this.relayBatch();
        total += published;
      } while (
        !this.stopped &&
        (published === this.config.outboxBatchSize || this.kickedWhileDraining)
      );
    } catch (error) {
      this.logger.error({ err: error }, 'outbox relay batch failed; retrying at the next poll');
    }
    return total;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.kick();
      if (!this.stopped) this.schedule();
    }, this.config.outboxPollIntervalMs);
  }

  /**
   * One transaction: a batch is claimed and marked published by one
   * statement (FOR UPDATE SKIP LOCKED: concurrent relays take other rows),
   * published, and the mark commits only after that, so a crash in between
   * rolls it back and the rows are published again; rows that could not be
   * published are unmarked and postponed in the same transaction.
   */
  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.outbox.claimBatch(manager, this.config.outboxBatchSize);
      if (rows.length === 0) return 0;
      rows.sort(
        (a, b) =>
          new Date(a.created_at).getTime() - new Date(b.created_at).getTime() ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
      const failed = await this.publish(rows);
      for (const [row, error] of failed) await this.postpone(manager, row, error);
      return rows.length - failed.size;
    });
  }

  /**
   * Jobs go to each queue in one bulk add (one round-trip per queue), then
   * the messages of rows whose jobs were accepted go to pub/sub. Returns the
   * rows that could not be published, with the reason.
   */
  private async publish(rows: PendingRow[]): Promise<Map<PendingRow, unknown>> {
    const failed = new Map<PendingRow, unknown>();
    const byQueue = new Map<string, PendingRow[]>();
    for (const row of rows) {
      if (!row.queue || !row.job_name) continue;
      byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
    }
    await Promise.all(
      [...byQueue].map(async ([queue, queued]) => {
        try {
          const jobs = queued.map((row) => ({
            name: row.job_name!,
            data: row.payload,
            opts: { jobId: row.id, ...jobRetryOptions(queue, this.config.retries) },
          }));
          await this.queues.get(queue).addBulk(jobs);
        } catch (error) {
          for (const row of queued) failed.set(row, error);
        }
      }),
    );
    await Promise.all(
      rows
        .filter((row) => row.topic && !failed.has(row))
        .map(async (row) => {
          const message: OutboxMessage = {
            eventId: row.id,
            organizationId: row.organization_id,
            topic: row.topic!,
            payload: row.payload,
            occurredAt: new Date(row.created_at).toISOString(),
          };
          try {
            await this.pubSub.publish(row.topic!, message);
          } catch (error) {
            failed.set(row, error);
          }
        }),
    );
    if (rows.length > failed.size) this.metrics.outboxPublished.inc(rows.length - failed.size);
    return failed;
  }

  private async postpone(manager: EntityManager, row: PendingRow, error: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const delaySeconds = Math.min(2 ** attempts, MAX_BACKOFF_SECONDS);
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`outbox event ${row.id} not published (attempt ${attempts}): ${message}`);
    await this.outbox.postpone(manager, row.id, attempts, message.slice(0, 2000), delaySeconds);
  }
}
