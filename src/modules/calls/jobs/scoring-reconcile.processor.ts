import { Injectable } from '@nestjs/common';
import { MaintenanceJob, MaintenanceJobProcessor } from '@/messaging/maintenance-job';
import { ReconcileResult } from '@/messaging/queue-probe.service';
import { ScoringReconciler } from '../scoring/scoring-reconciler.service';

/** `maintenance`/`reconcile-scoring`: every minute, scoring jobs whose queue message ended are re-sent or FAILED. */
@Injectable()
@MaintenanceJob({ name: 'reconcile-scoring', everyMs: 60_000 })
export class ScoringReconcileProcessor implements MaintenanceJobProcessor {
  constructor(private readonly reconciler: ScoringReconciler) {}

  process(): Promise<ReconcileResult> {
    return this.reconciler.reconcile();
  }
}
