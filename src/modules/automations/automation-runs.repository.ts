import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { JobStatus } from '@/modules/calls/calls.enums';
import { AutomationRun } from './automation-run.entity';
import { Automation } from './automation.entity';
import { AutomationTrigger } from './automation.enums';
import type { AutomationEventData, AutomationStepRecord } from './automation-types';

/** A new run's row (status QUEUED, or SKIPPED with its reason). */
export interface NewRun {
  organizationId: string;
  automationId: string;
  trigger: AutomationTrigger;
  eventKey: string;
  event: AutomationEventData;
  status: JobStatus.QUEUED | JobStatus.SKIPPED;
  skipReason: string | null;
  chainDepth: number;
  causedByRunId: string | null;
  steps: AutomationStepRecord[];
}

/**
 * The SQL of automation runs (and the automation rows the run engine
 * reads and updates). Every statement is scoped by organization, except the
 * maintenance ones (retention, the reconciler), which span all by design.
 */
@Injectable()
export class AutomationRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Enabled automations of `trigger` in the organization that existed at `at`. */
  enabledFor(
    manager: EntityManager,
    organizationId: string,
    trigger: AutomationTrigger,
    at: Date,
  ): Promise<Automation[]> {
    return manager
      .getRepository(Automation)
      .createQueryBuilder('a')
      .where('a.organizationId = :organizationId', { organizationId })
      .andWhere('a.trigger = :trigger', { trigger })
      .andWhere('a.enabled')
      .andWhere('a.createdAt <= :at', { at })
      .orderBy('a.createdAt', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  automation(
    manager: EntityManager,
    organizationId: string,
    id: string,
    lock = false,
  ): Promise<Automation | null> {
    const query = manager
      .getRepository(Automation)
      .createQueryBuilder('a')
      .where('a.organizationId = :organizationId AND a.id = :id', { organizationId, id });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** A read of the organization's own rows (membership checks). */
  query(sql: string, parameters: unknown[]): Promise<unknown> {
    return this.dataSource.query(sql, parameters);
  }

  /** Serialises run creation of one automation (rate caps count consistently). */
  async lockAutomation(manager: EntityManager, automationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('automation-run:' || $1))`, [
      automationId,
    ]);
  }

  /** Runs (not skipped) of the automation and of the organization created in the last minute. */
  async recentRuns(
    manager: EntityManager,
    organizationId: string,
    automationId: string,
  ): Promise<{ automation: number; organization: number }> {
    const [row] = await manager.query<Array<{ automation: number; organization: number }>>(
      `SELECT count(*) FILTER (WHERE automation_id = $2)::int AS automation,
              count(*)::int AS organization
         FROM automation_run
        WHERE organization_id = $1 AND created_at > now() - interval '1 minute'
          AND status <> 'SKIPPED'`,
      [organizationId, automationId],
    );
    return row;
  }

  /** Inserts the run unless the automation has one for the event already; its id, or null. */
  async insert(manager: EntityManager, run: NewRun): Promise<string | null> {
    const rows = await manager.query<Array<{ id: string }>>(
      `INSERT INTO automation_run (organization_id, automation_id, trigger, event_key, event, status,
                                   skip_reason, chain_depth, caused_by_run_id, steps, finished_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10::jsonb,
               CASE WHEN $6 = 'SKIPPED' THEN now() END)
       ON CONFLICT (automation_id, event_key) DO NOTHING
       RETURNING id`,
      [
        run.organizationId,
        run.automationId,
        run.trigger,
        run.eventKey,
        JSON.stringify(run.event),
        run.status,
        run.skipReason,
        run.chainDepth,
        run.causedByRunId,
        JSON.stringify(run.steps),
      ],
    );
    return rows[0]?.id ?? null;
  }

  run(
    manager: EntityManager,
    organizationId: string,
    id: string,
    lock = false,
  ): Promise<AutomationRun | null> {
    const query = manager
      .getRepository(AutomationRun)
      .createQueryBuilder('r')
      .where('r.organizationId = :organizationId AND r.id = :id', { organizationId, id });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /**
   * Writes what the run engine changes on a run (status, reasons, steps,
   * times) in one UPDATE, touching `updated_at` (the run lease): no read of
   * the row first, as a TypeORM `save` would make.
   */
  async save(manager: EntityManager, run: AutomationRun): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(AutomationRun)
      .set({
        status: run.status,
        skipReason: run.skipReason,
        error: run.error,
        // A jsonb column: TypeORM writes the array as JSON.
        steps: run.steps as QueryDeepPartialEntity<AutomationStepRecord>[],
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
      })
      .where('organizationId = :organizationId AND id = :id', {
        organizationId: run.organizationId,
        id: run.id,
      })
      .execute();
  }

  /** A completed run resets the automation's count of failed runs in a row (one statement). */
  async resetFailures(manager: EntityManager, organizationId: string, id: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Automation)
      .set({ consecutiveFailures: 0 })
      .where('organizationId = :organizationId AND id = :id AND consecutiveFailures <> 0', {
        organizationId,
        id,
      })
      .execute();
  }

  saveAutomation(manager: EntityManager, automation: Automation): Promise<Automation> {
    return manager.getRepository(Automation).save(automation);
  }

  /**
   * Runs QUEUED or RUNNING (across organizations) untouched for `graceMs`
   * and younger than `maxAgeMs`, oldest first: the reconciler's candidates.
   */
  async stalled(
    graceMs: number,
    maxAgeMs: number,
    limit: number,
  ): Promise<
    Array<{
      id: string;
      organizationId: string;
      status: string;
      updatedAt: Date;
      steps: AutomationStepRecord[];
    }>
  > {
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        organization_id: string;
        status: string;
        updated_at: Date;
        steps: AutomationStepRecord[];
      }>
    >(
      `SELECT id, organization_id, status, updated_at, steps FROM automation_run
        WHERE status IN ('QUEUED', 'RUNNING')
          AND updated_at < now() - make_interval(secs => $1::float8 / 1000)
          AND created_at > now() - make_interval(secs => $2::float8 / 1000)
        ORDER BY updated_at LIMIT $3`,
      [graceMs, maxAgeMs, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      organizationId: row.organization_id,
      status: row.status,
      updatedAt: new Date(row.updated_at),
      steps: row.steps,
    }));
  }

  /**
   * Published `dispatch-event` jobs between `graceMs` and `maxAgeMs` old
   * (across organizations): the reconciler checks the queue still knows them.
   */
  async recentDispatches(
    graceMs: number,
    maxAgeMs: number,
    limit: number,
  ): Promise<Array<{ id: string; payload: Record<string, unknown> }>> {
    return await this.dataSource.query<Array<{ id: string; payload: Record<string, unknown> }>>(
      `SELECT id, payload FROM outbox_event
        WHERE queue = 'automations' AND job_name = 'dispatch-event' AND published_at IS NOT NULL
          AND published_at < now() - make_interval(secs => $1::float8 / 1000)
          AND created_at > now() - make_interval(secs => $2::float8 / 1000)
        ORDER BY created_at LIMIT $3`,
      [graceMs, maxAgeMs, limit],
    );
  }

  /** Deletes finished runs older than `days`, `batch` per statement; the number deleted. */
  async pruneOlderThan(days: number, batch: number): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM automation_run WHERE id IN (
         SELECT id FROM automation_run
          WHERE created_at < now() - make_interval(days => $1)
            AND status IN ('COMPLETED', 'FAILED', 'SKIPPED')
          LIMIT $2)`,
      [days, batch],
    );
    return count;
  }
}
