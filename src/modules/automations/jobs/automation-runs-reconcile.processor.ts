import { Injectable } from '@nestjs/common';
import { MaintenanceJob, MaintenanceJobProcessor } from '@/messaging/maintenance-job';
import { AutomationRunsReconciler } from '../automation-runs-reconciler.service';

/** `maintenance`/`reconcile-automation-runs`: every minute, automation jobs the queue lost are re-sent. */
@Injectable()
@MaintenanceJob({ name: 'reconcile-automation-runs', everyMs: 60_000 })
export class AutomationRunsReconcileProcessor implements MaintenanceJobProcessor {
  constructor(private readonly reconciler: AutomationRunsReconciler) {}

  process(): Promise<{ dispatches: number; runs: number }> {
    return this.reconciler.reconcile();
  }
}
