import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { BadUserInputError, NotFoundError } from '@/common/errors/domain-errors';
import { isUuid } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { ConnectionResult, paginate } from '@/graphql/pagination';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { AuditService } from '@/modules/audit/audit.service';
import { JobStatus } from '@/modules/calls/calls.enums';
import { enqueueRun, publishRunUpdated } from './automation-run-events';
import { AutomationRun } from './automation-run.entity';
import { Automation } from './automation.entity';
import { AutomationStepStatus } from './automation.enums';
import { AutomationRunsArgs } from './dto/automation-runs.args';

/** Run history and retries, in the viewer's organization only. */
@Injectable()
export class AutomationRunsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** One automation's runs, newest first (the automation must be the organization's). */
  async history(
    viewer: Viewer,
    args: AutomationRunsArgs,
  ): Promise<ConnectionResult<AutomationRun>> {
    await this.automation(viewer, args.automationId);
    const query = this.tenants
      .for(viewer)
      .repository(AutomationRun)
      .createQueryBuilder('run')
      .andWhere('run.automationId = :automationId', { automationId: args.automationId });
    if (args.status) query.andWhere('run.status = :status', { status: args.status });
    return paginate(query, args, {
      queryKey: 'automationRuns',
      orderBy: [
        { column: 'run.createdAt', direction: 'DESC' },
        { column: 'run.id', direction: 'DESC' },
      ],
    });
  }

  async get(organizationId: string, id: string): Promise<AutomationRun> {
    if (!isUuid(id)) throw new NotFoundError('AutomationRun', id);
    return this.tenants.for({ organizationId }).repository(AutomationRun).get(id, 'AutomationRun');
  }

  async automation(viewer: Pick<Viewer, 'organizationId'>, id: string): Promise<Automation> {
    if (!isUuid(id)) throw new NotFoundError('Automation', id);
    return this.tenants.for(viewer).repository(Automation).get(id, 'Automation');
  }

  /**
   * Runs a FAILED run's failed and skipped steps again (succeeded steps keep
   * their result and are not performed again), with fresh attempts. Only a
   * FAILED run of an enabled automation can be retried.
   */
  async retry(viewer: Viewer, id: string): Promise<AutomationRun> {
    if (!isUuid(id)) throw new NotFoundError('AutomationRun', id);
    return this.transactions.run(async (transaction) => {
      const scope = this.tenants.for(viewer, transaction.manager);
      const run = await scope
        .repository(AutomationRun)
        .get(id, 'AutomationRun', 'pessimistic_write');
      if (run.status !== JobStatus.FAILED) {
        throw new BadUserInputError(`Only a FAILED run can be retried; this one is ${run.status}`, [
          { path: 'id', message: `the run is ${run.status}` },
        ]);
      }
      const automation = await scope.repository(Automation).get(run.automationId, 'Automation');
      if (!automation.enabled) {
        throw new BadUserInputError(
          'The automation is disabled; enable it before retrying its runs',
          [{ path: 'id', message: 'the automation is disabled' }],
        );
      }
      const before = { status: run.status, error: run.error };
      run.status = JobStatus.QUEUED;
      run.error = null;
      run.finishedAt = null;
      run.steps = run.steps.map((step) =>
        step.status === AutomationStepStatus.SUCCEEDED
          ? step
          : {
              ...step,
              status: AutomationStepStatus.PENDING,
              attempts: 0,
              error: null,
              finishedAt: null,
              nextAttemptAt: null,
            },
      );
      const saved = await transaction.manager.getRepository(AutomationRun).save(run);
      await this.audit.record(transaction.manager, viewer, {
        action: 'automation.run.retried',
        entityType: 'AutomationRun',
        entityId: run.id,
        before,
        after: { status: saved.status, error: null },
      });
      await publishRunUpdated(this.outbox, transaction, viewer.organizationId, {
        runId: run.id,
        automationId: run.automationId,
        status: saved.status,
      });
      await enqueueRun(this.outbox, transaction, viewer.organizationId, run.id);
      return saved;
    });
  }
}
