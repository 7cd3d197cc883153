import { Injectable } from '@nestjs/common';
import { MaintenanceJob, MaintenanceJobProcessor } from '@/messaging/maintenance-job';
import { SlackAlertReconciler } from '../slack-alert-reconciler.service';

/** `maintenance`/`reconcile-slack-alerts`: every minute, CRITICAL alerts' lost Slack jobs are re-sent. */
@Injectable()
@MaintenanceJob({ name: 'reconcile-slack-alerts', everyMs: 60_000 })
export class SlackAlertReconcileProcessor implements MaintenanceJobProcessor {
  constructor(private readonly reconciler: SlackAlertReconciler) {}

  process(): Promise<{ checked: number; resent: number }> {
    return this.reconciler.reconcile();
  }
}
