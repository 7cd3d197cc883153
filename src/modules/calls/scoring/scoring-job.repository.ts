import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JobStatus } from '../calls.enums';

/** A QUEUED or RUNNING job whose queue message left the outbox a while ago. */
export interface WaitingScoringJob {
  id: string;
  organizationId: string;
  callId: string;
  scorecardId: string;
  scorecardVersion: number;
  /** Null for a job queued before messages were recorded. */
  messageId: string | null;
  /**
   * Whether its queue message was background work (ScoringRequests): read
   * by `lockWaiting` only, so a re-sent message keeps its place behind live
   * calls.
   */
  background?: boolean;
  attempts: number;
  requeues: number;
  updatedAt: Date;
}

const WAITING_COLUMNS = `j.id, j.organization_id AS "organizationId", j.call_id AS "callId",
       j.scorecard_id AS "scorecardId", j.scorecard_version AS "scorecardVersion",
       j.message_id AS "messageId", j.attempts, j.requeues, j.updated_at AS "updatedAt"`;

/** The SQL of scoring jobs that TenantScope's repositories do not cover. */
@Injectable()
export class ScoringJobRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Whether the job's queue message is still waiting in the outbox (written,
   * not yet published by the relay). False when it was published, and when
   * there is no such outbox row.
   */
  async messageAwaitsRelay(messageId: string, manager: EntityManager): Promise<boolean> {
    const [row] = await manager.query<Array<{ published: boolean }>>(
      'SELECT published_at IS NOT NULL AS published FROM outbox_event WHERE id = $1',
      [messageId],
    );
    return !!row && !row.published;
  }

  /** Whether the job waits for, or was sent in, a Message Batch (a PENDING or SUBMITTED item). */
  async awaitsBatch(jobId: string, manager: EntityManager): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM scoring_batch_item WHERE job_id = $1 AND status IN ('PENDING', 'SUBMITTED')`,
      [jobId],
    );
    return rows.length > 0;
  }

  /**
   * For ScoringReconciler, across organizations: jobs QUEUED or RUNNING
   * unchanged for `graceMs`, whose message the relay has published (or
   * which have none), oldest first, after the (updatedAt, id) cursor;
   * not those waiting for a Message Batch.
   */
  waitingOnQueue(
    graceMs: number,
    limit: number,
    after?: { updatedAt: Date; id: string },
  ): Promise<WaitingScoringJob[]> {
    return this.dataSource.query<WaitingScoringJob[]>(
      `SELECT ${WAITING_COLUMNS}
         FROM scoring_job j
         LEFT JOIN outbox_event o ON o.id = j.message_id
        WHERE j.status IN ('QUEUED', 'RUNNING')
          AND j.updated_at < now() - make_interval(secs => $1::float8 / 1000)
          AND (o.id IS NULL OR o.published_at IS NOT NULL)
          -- Waiting for (or sent in) a Message Batch: BatchScoringService finishes it.
          AND NOT EXISTS (SELECT 1 FROM scoring_batch_item b
                           WHERE b.job_id = j.id AND b.status IN ('PENDING', 'SUBMITTED'))
          AND ($3::timestamptz IS NULL OR (j.updated_at, j.id) > ($3, $4::uuid))
        ORDER BY j.updated_at, j.id
        LIMIT $2`,
      [graceMs, limit, after?.updatedAt ?? null, after?.id ?? null],
    );
  }

  /**
   * In the transaction of `manager`: locks the job if it is still QUEUED or
   * RUNNING on the message `messageId` (nobody re-sent or finished it
   * meanwhile) and no one else holds it; undefined otherwise. `background`
   * is the message's own flag while its outbox row is kept, and otherwise
   * what ScoringRequests decides without urgency: a call that did not come
   * through Twilio (an import).
   */
  async lockWaiting(
    manager: EntityManager,
    id: string,
    messageId: string | null,
  ): Promise<WaitingScoringJob | undefined> {
    const [row] = await manager.query<WaitingScoringJob[]>(
      `SELECT ${WAITING_COLUMNS},
              COALESCE((SELECT COALESCE((o.payload->>'background')::boolean, false) FROM outbox_event o
                         WHERE o.id = j.message_id),
                       (SELECT c.twilio_call_sid IS NULL FROM call c
                         WHERE c.id = j.call_id AND c.organization_id = j.organization_id),
                       false) AS background
         FROM scoring_job j
        WHERE j.id = $1 AND j.status IN ('QUEUED', 'RUNNING')
          AND j.message_id IS NOT DISTINCT FROM $2::uuid
          FOR UPDATE SKIP LOCKED`,
      [id, messageId],
    );
    return row;
  }

  /** The locked job waits on a new message: QUEUED again, one more re-send counted. */
  async requeued(manager: EntityManager, id: string, messageId: string): Promise<void> {
    await manager.query(
      `UPDATE scoring_job SET status = $3::scoring_job_status, message_id = $2,
              requeues = requeues + 1, updated_at = now()
        WHERE id = $1`,
      [id, messageId, JobStatus.QUEUED],
    );
  }

  /** The locked job ends FAILED with `reason`. */
  async failed(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE scoring_job SET status = $2::scoring_job_status, error = $3,
              finished_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, JobStatus.FAILED, reason.slice(0, 2000)],
    );
  }
}
