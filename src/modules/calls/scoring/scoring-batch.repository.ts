import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CriterionDefinition } from '../campaigns/criteria';
import { Segment } from './call-metrics';

/** A batch item with what sending it, or reading its result, needs. */
export interface BatchMemberRow {
  item_id: string;
  organization_id: string;
  job_id: string;
  job_status: string;
  job_attempts: number;
  call_id: string;
  campaign_id: string | null;
  scorecard_id: string;
  scorecard_version: number;
  transcript: Segment[];
  duration_sec: number | null;
  criteria: CriterionDefinition[];
  script: string | null;
  submissions: number;
  errors: number;
}

export interface OpenBatchRow {
  id: string;
  organization_id: string;
  provider_batch_id: string | null;
  status: 'SUBMITTING' | 'IN_PROGRESS';
  polls: number;
}

const MEMBER_COLUMNS = `i.id AS item_id, i.organization_id, j.id AS job_id, j.status AS job_status,
       j.attempts AS job_attempts, j.call_id, c.campaign_id, j.scorecard_id, j.scorecard_version,
       c.transcript, c.duration_sec, s.criteria, campaign.script, i.submissions, i.errors`;

const MEMBER_JOINS = `JOIN scoring_job j ON j.id = i.job_id AND j.organization_id = i.organization_id
         JOIN call c ON c.id = j.call_id AND c.organization_id = j.organization_id
         JOIN scorecard s ON s.id = j.scorecard_id AND s.organization_id = j.organization_id
         LEFT JOIN campaign ON campaign.id = c.campaign_id
                           AND campaign.organization_id = c.organization_id`;

/**
 * The SQL of Message Batch scoring (BatchScoringService). Rows are read
 * across organizations only to find the work that is due; every change is
 * made by id within the row's organization.
 */
@Injectable()
export class ScoringBatchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The job waits for the next batch. A job collected before stays where it
   * is (waiting, or sent); one whose batch scoring ended FAILED (then queued
   * again by scoreCall) starts afresh.
   */
  async collect(organizationId: string, jobId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO scoring_batch_item (organization_id, job_id) VALUES ($1, $2)
       ON CONFLICT (job_id) DO UPDATE
          SET status = 'PENDING', batch_id = NULL, submissions = 0, errors = 0,
              last_result = NULL, updated_at = now()
        WHERE scoring_batch_item.status IN ('FAILED', 'SUCCEEDED')
          AND scoring_batch_item.organization_id = EXCLUDED.organization_id`,
      [organizationId, jobId],
    );
  }

  /**
   * Organizations whose waiting items make a batch now: `maxSize` of them,
   * or the oldest waiting `windowMs`.
   */
  async dueOrganizations(windowMs: number, maxSize: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ organization_id: string }>>(
      `SELECT organization_id FROM scoring_batch_item
        WHERE status = 'PENDING'
        GROUP BY organization_id
       HAVING COUNT(*) >= $2
           OR MIN(updated_at) <= now() - make_interval(secs => $1::float8 / 1000)
        LIMIT 100`,
      [windowMs, maxSize],
    );
    return rows.map((row) => row.organization_id);
  }

  /**
   * In `manager`'s transaction: locks up to `limit` of the organization's
   * waiting items (skipping those another worker holds), oldest first, with
   * their jobs, transcripts, criteria and scripts.
   */
  lockPending(
    manager: EntityManager,
    organizationId: string,
    limit: number,
  ): Promise<BatchMemberRow[]> {
    return manager.query<BatchMemberRow[]>(
      `SELECT ${MEMBER_COLUMNS}
         FROM (SELECT * FROM scoring_batch_item
                WHERE organization_id = $1 AND status = 'PENDING'
                ORDER BY updated_at, id
                LIMIT $2
                  FOR UPDATE SKIP LOCKED) i
         ${MEMBER_JOINS}`,
      [organizationId, limit],
    );
  }

  /** Items whose job ended some other way (deleted calls leave none: CASCADE). */
  async drop(manager: EntityManager, organizationId: string, itemIds: string[]): Promise<void> {
    if (itemIds.length === 0) return;
    await manager.query(
      `DELETE FROM scoring_batch_item WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [organizationId, itemIds],
    );
  }

  /** A new batch row (SUBMITTING) holding the items, each sent once more. */
  async createBatch(
    manager: EntityManager,
    organizationId: string,
    model: string,
    itemIds: string[],
    lostAfterMs: number,
  ): Promise<string> {
    const [{ id }] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO scoring_batch (organization_id, model, request_count, next_poll_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4::float8 / 1000))
       RETURNING id`,
      [organizationId, model, itemIds.length, lostAfterMs],
    );
    await manager.query(
      `UPDATE scoring_batch_item
          SET status = 'SUBMITTED', batch_id = $3, submissions = submissions + 1, updated_at = now()
        WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [organizationId, itemIds, id],
    );
    return id;
  }

  /** Anthropic took the batch: its id is stored and the first poll is due in `pollMs`. */
  async sent(batchId: string, providerBatchId: string, pollMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE scoring_batch
          SET provider_batch_id = $2, status = 'IN_PROGRESS', updated_at = now(),
              next_poll_at = now() + make_interval(secs => $3::float8 / 1000)
        WHERE id = $1 AND status = 'SUBMITTING'`,
      [batchId, providerBatchId, pollMs],
    );
  }

  /**
   * The batch ends FAILED with `error` (never sent, or lost while being
   * sent); its items still SUBMITTED wait for the next batch, the send
   * uncounted when `uncount`.
   */
  async unsent(batchId: string, error: string, uncount: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE scoring_batch SET status = 'FAILED', error = $2, ended_at = now(), updated_at = now()
          WHERE id = $1`,
        [batchId, error.slice(0, 2000)],
      );
      await manager.query(
        `UPDATE scoring_batch_item
            SET status = 'PENDING', batch_id = NULL, updated_at = now(),
                submissions = CASE WHEN $2 THEN GREATEST(submissions - 1, 0) ELSE submissions END
          WHERE batch_id = $1 AND status = 'SUBMITTED'`,
        [batchId, uncount],
      );
    });
  }

  /**
   * Takes the next batch due for a poll (skipping one another worker holds)
   * and moves its next poll on by the back-off (`pollMs` doubling per poll,
   * at most `pollMaxMs`), so a worker that dies while reading it leaves it
   * to be taken again then.
   */
  async takeDue(pollMs: number, pollMaxMs: number): Promise<OpenBatchRow | undefined> {
    const [rows] = await this.dataSource.query<[OpenBatchRow[], number]>(
      `UPDATE scoring_batch b
          SET polls = b.polls + 1, updated_at = now(),
              next_poll_at = now() + make_interval(secs =>
                LEAST($2::float8, $1::float8 * power(2, LEAST(b.polls, 30))) / 1000)
        WHERE b.id = (SELECT id FROM scoring_batch
                       WHERE status IN ('SUBMITTING', 'IN_PROGRESS') AND next_poll_at <= now()
                       ORDER BY next_poll_at
                       LIMIT 1
                         FOR UPDATE SKIP LOCKED)
        RETURNING b.id, b.organization_id, b.provider_batch_id, b.status, b.polls`,
      [pollMs, pollMaxMs],
    );
    return rows[0];
  }

  /** The batch's items still SUBMITTED, by item id, with what reading a result needs. */
  async submittedMembers(batchId: string): Promise<BatchMemberRow[]> {
    return this.dataSource.query<BatchMemberRow[]>(
      `SELECT ${MEMBER_COLUMNS}
         FROM scoring_batch_item i
         ${MEMBER_JOINS}
        WHERE i.batch_id = $1 AND i.status = 'SUBMITTED'`,
      [batchId],
    );
  }

  /** The item's result was stored (or its job had already ended): it is done. */
  async succeeded(itemId: string, lastResult: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE scoring_batch_item SET status = 'SUCCEEDED', last_result = $2, updated_at = now()
        WHERE id = $1 AND status = 'SUBMITTED'`,
      [itemId, lastResult],
    );
  }

  /**
   * In `manager`'s transaction: the item, still SUBMITTED, waits for the
   * next batch (`errored` counts an error) or ends FAILED. False when it
   * was no longer SUBMITTED (another worker read this result first).
   */
  async settle(
    manager: EntityManager,
    itemId: string,
    status: 'PENDING' | 'FAILED',
    errored: boolean,
    lastResult: string,
  ): Promise<boolean> {
    const [, count] = await manager.query<[unknown[], number]>(
      `UPDATE scoring_batch_item
          SET status = $2::scoring_batch_item_status, errors = errors + $3::int,
              last_result = $4, updated_at = now(),
              batch_id = CASE WHEN $2 = 'PENDING' THEN NULL ELSE batch_id END
        WHERE id = $1 AND status = 'SUBMITTED'`,
      [itemId, status, errored ? 1 : 0, lastResult.slice(0, 2000)],
    );
    return count > 0;
  }

  async ended(batchId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE scoring_batch SET status = 'ENDED', ended_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'IN_PROGRESS'`,
      [batchId],
    );
  }
}
