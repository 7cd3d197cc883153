import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { automationRunsConfig } from '@/config/configuration';
import { MaintenanceJob, MaintenanceJobProcessor } from '@/messaging/maintenance-job';
import { AutomationRunRepository } from '../automation-runs.repository';

const BATCH = 5000;

/** `maintenance`/`prune-automation-runs`: hourly, finished runs older than AUTOMATION_RUN_RETENTION_DAYS. */
@Injectable()
@MaintenanceJob({ name: 'prune-automation-runs', everyMs: 3600_000 })
export class AutomationRunsPruneProcessor implements MaintenanceJobProcessor {
  constructor(
    private readonly runs: AutomationRunRepository,
    @Inject(automationRunsConfig.KEY)
    private readonly config: ConfigType<typeof automationRunsConfig>,
  ) {}

  async process(): Promise<{ deleted: number }> {
    let deleted = 0;
    for (;;) {
      const count = await this.runs.pruneOlderThan(this.config.runRetentionDays, BATCH);
      deleted += count;
      if (count < BATCH) return { deleted };
    }
  }
}
