import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { PubSubEngine } from 'graphql-subscriptions';
import { randomUUID } from 'node:crypto';
import { queueConfig } from '@/config/configuration';
import { PUB_SUB } from '../pubsub/pubsub.constants';
import { MetricsService } from '@/observability/metrics.service';
import { QueueRegistry } from '../queue-registry.service';
import { queuedJobOptions } from '../job-priority';
import { OutboxMessage } from './outbox-message';
import { OutboxRowSpans } from './outbox-row-spans';
import { OutboxRepository, PendingRow } from './outbox.repository';

/** Back-off of a row that failed to publish: 2^attempts seconds, at most this. */
const MAX_BACKOFF_SECONDS = 60;

/** How one claimed row fared: published, or the reason it was not. */
type Outcome = { published: true } | { published: false; error: unknown };

/**
 * Publishes committed outbox rows, at least once. Any number of relays (api
 * and worker processes) may run. Each batch is leased, never held in a
 * transaction across Redis calls:
 *
 * 1. claim: one statement leases due rows to a fresh claim token until
 *    now() + OUTBOX_LEASE_MS (FOR UPDATE SKIP LOCKED keeps relays apart) and
 *    commits at once;
 * 2. publish, outside any transaction: each queue's jobs in one bulk add
 *    (jobId = row id, so a second publish of a row makes no second job), then
 *    the pub/sub messages; given up after half the lease;
 * 3. mark published the rows published that still hold the token; postpone
 *    (lease cleared, back-off, error recorded) the rows that failed.
 *
 * A relay that dies between 1 and 3 leaves leased rows; when the lease runs
 * out another relay claims and publishes them again. On shutdown the relay
 * stops waiting for Redis and releases what it has not published.
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
  /** Ends the wait for an in-flight publish (see waitFor), called on shutdown. */
  private readonly interruptions = new Set<() => void>();

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueRegistry,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    @Inject(queueConfig.KEY) private readonly config: ConfigType<typeof queueConfig>,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.outboxRelayEnabled) return;
    this.stopped = false;
    this.schedule();
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const interrupt of this.interruptions) interrupt();
    await this.draining;
  }

  /** Publish what is pending now rather than at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.kickedWhileDraining = true;
      return;
    }
    // Outside the kicker's trace (a request's, when it kicks after its
    // commit): a batch serves many traces, and each row goes out in its own
    // (OutboxRowSpans). Free when tracing is off.
    this.draining = context
      .with(ROOT_CONTEXT, () => this.drain())
      .then(() => {
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

  /** Claim, publish, mark (see the class); resolves with the number of rows published. */
  private async relayBatch(): Promise<number> {
    const token = randomUUID();
    const rows = await this.outbox.claimBatch(
      this.config.outboxBatchSize,
      token,
      this.config.outboxLeaseMs,
    );
    if (rows.length === 0) return 0;
    rows.sort(
      (a, b) =>
        new Date(a.created_at).getTime() - new Date(b.created_at).getTime() ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const outcomes = new Map<PendingRow, Outcome>();
    const publishing = this.publish(rows, outcomes);
    const deadline = this.config.outboxLeaseMs / 2;
    const ended = await this.waitFor(publishing, deadline);
    // A publish given up on may still complete (ioredis sends queued commands
    // on reconnect): its rows are published again later, and the jobs de-duplicated.
    publishing.catch(() => undefined);

    const published = rows.filter((row) => outcomes.get(row)?.published);
    const marked = await this.outbox.markPublished(
      published.map((row) => row.id),
      token,
    );
    if (marked.length < published.length) {
      this.logger.warn(
        `${published.length - marked.length} outbox events published after their lease ran out; another relay publishes them again`,
      );
    }
    if (marked.length > 0) this.metrics.outboxPublished.inc(marked.length);
    const unpublished = rows.filter((row) => !outcomes.get(row)?.published);
    if (ended === 'stopped') {
      await this.outbox.release(
        unpublished.map((row) => row.id),
        token,
      );
      return marked.length;
    }
    for (const row of unpublished) {
      const outcome = outcomes.get(row);
      const error =
        outcome && !outcome.published
          ? outcome.error
          : new Error(`publishing took longer than ${deadline} ms (half the outbox lease)`);
      await this.postpone(row, token, error);
    }
    return marked.length;
  }

  /**
   * Waits for `publishing` at most `deadlineMs`, and not past shutdown.
   */
  private waitFor(
    publishing: Promise<void>,
    deadlineMs: number,
  ): Promise<'done' | 'timeout' | 'stopped'> {
    return new Promise((resolve) => {
      const finish = (how: 'done' | 'timeout' | 'stopped') => {
        clearTimeout(timer);
        this.interruptions.delete(interrupt);
        resolve(how);
      };
      const interrupt = () => finish('stopped');
      const timer = setTimeout(() => finish('timeout'), deadlineMs);
      if (this.stopped) return finish('stopped');
      this.interruptions.add(interrupt);
      publishing.then(
        () => finish('done'),
        () => finish('done'),
      );
    });
  }

  /**
   * Jobs go to each queue in one bulk add (one round-trip per queue), then
   * the messages of rows whose jobs were accepted go to pub/sub. Records
   * each row's outcome in `outcomes` as soon as it is known. With tracing on,
   * each row is published in the trace of the transaction that wrote it.
   */
  private async publish(rows: PendingRow[], outcomes: Map<PendingRow, Outcome>): Promise<void> {
    const spans = new OutboxRowSpans(rows);
    try {
      await this.publishRows(rows, outcomes, spans);
    } finally {
      for (const row of rows) {
        const outcome = outcomes.get(row);
        spans.end(
          row,
          outcome?.published === false ? outcome.error : outcome ? undefined : 'not published',
        );
      }
    }
  }

  private async publishRows(
    rows: PendingRow[],
    outcomes: Map<PendingRow, Outcome>,
    spans: OutboxRowSpans,
  ): Promise<void> {
    const byQueue = new Map<string, PendingRow[]>();
    for (const row of rows) {
      if (!row.queue || !row.job_name) {
        if (!row.topic) outcomes.set(row, { published: true }); // nothing to deliver
        continue;
      }
      byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
    }
    await Promise.all(
      [...byQueue].map(async ([queue, queued]) => {
        try {
          const target = this.queues.get(queue);
          const jobs = queued.map((row) => ({
            name: row.job_name!,
            data: row.payload,
            opts: {
              jobId: row.id,
              ...queuedJobOptions(queue, row.job_name!, row.payload, this.config.retries),
              ...spans.jobTelemetry(row, target),
            },
          }));
          await target.addBulk(jobs);
          for (const row of queued) if (!row.topic) outcomes.set(row, { published: true });
        } catch (error) {
          for (const row of queued) outcomes.set(row, { published: false, error });
        }
      }),
    );
    await Promise.all(
      rows
        .filter((row) => row.topic && !outcomes.has(row))
        .map(async (row) => {
          const message: OutboxMessage = {
            eventId: row.id,
            organizationId: row.organization_id,
            topic: row.topic!,
            payload: row.payload,
            occurredAt: new Date(row.created_at).toISOString(),
          };
          try {
            await spans.within(row, () => this.pubSub.publish(row.topic!, message));
            outcomes.set(row, { published: true });
          } catch (error) {
            outcomes.set(row, { published: false, error });
          }
        }),
    );
  }

  private async postpone(row: PendingRow, token: string, error: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const delaySeconds = Math.min(2 ** attempts, MAX_BACKOFF_SECONDS);
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`outbox event ${row.id} not published (attempt ${attempts}): ${message}`);
    await this.outbox.postpone(row.id, token, attempts, message.slice(0, 2000), delaySeconds);
  }
}
