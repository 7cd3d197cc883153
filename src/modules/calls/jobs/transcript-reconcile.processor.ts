import { Injectable } from '@nestjs/common';
import { MaintenanceJob, MaintenanceJobProcessor } from '@/messaging/maintenance-job';
import { ReconcileResult } from '@/messaging/queue-probe.service';
import { TranscriptReconciler } from '../transcripts/transcript-reconciler.service';

/** `maintenance`/`reconcile-transcripts`: every minute, transcript jobs whose queue message ended are re-sent or FAILED. */
@Injectable()
@MaintenanceJob({ name: 'reconcile-transcripts', everyMs: 60_000 })
export class TranscriptReconcileProcessor implements MaintenanceJobProcessor {
  constructor(private readonly reconciler: TranscriptReconciler) {}

  process(): Promise<ReconcileResult> {
    return this.reconciler.reconcile();
  }
}
