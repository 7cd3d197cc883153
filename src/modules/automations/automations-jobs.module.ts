import { Module } from '@nestjs/common';
import { AutomationRunsModule } from './automation-runs.module';
import { AutomationRunsReconciler } from './automation-runs-reconciler.service';
import { AutomationRunsPruneProcessor } from './jobs/automation-runs-prune.processor';
import { AutomationRunsReconcileProcessor } from './jobs/automation-runs-reconcile.processor';
import { AutomationsProcessor } from './jobs/automations.processor';
import { AutomationsScheduler } from './jobs/automations.scheduler';
import { ScheduleScanner } from './triggers/schedule-scanner.service';

/** The automations' worker side (imported by ProcessorsModule only). */
@Module({
  imports: [AutomationRunsModule],
  providers: [
    AutomationsProcessor,
    AutomationsScheduler,
    ScheduleScanner,
    AutomationRunsReconciler,
    AutomationRunsReconcileProcessor,
    AutomationRunsPruneProcessor,
  ],
})
export class AutomationsJobsModule {}
