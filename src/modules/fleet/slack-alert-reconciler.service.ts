import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { queueConfig } from '@/config/configuration';
import { TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueProbe } from '@/messaging/queue-probe.service';
import { QueueName } from '@/messaging/queue-names';
import { FleetNotificationRepository, UnnotifiedAlert } from './fleet-notification.repository';

/** Alerts looked at per run. */
const BATCH = 500;

/** An alert older than this is not posted any more: a day-old page wakes nobody usefully. */
const MAX_AGE_MS = 24 * 3600_000;

/**
 * Re-sends the Slack job of a CRITICAL alert that was never posted when the
 * queue lost the job (Redis restarted empty or flushed after the relay had
 * published it). With the alert's row locked, a new `slack-alert` job goes
 * through the outbox and the alert records it, so each lost job is re-sent
 * once, at most RECONCILE_MAX_REQUEUES times per alert, and only within a day
 * of the alert. A job that failed for good (its retry budget used up,
 * logged) or completed (nothing to post: no webhook configured) is not
 * re-sent; an alert whose post succeeded (`notified_at`) never is.
 */
@Injectable()
export class SlackAlertReconciler {
  private readonly logger = new Logger(SlackAlertReconciler.name);

  constructor(
    private readonly notifications: FleetNotificationRepository,
    private readonly probe: QueueProbe,
    private readonly outbox: OutboxService,
    private readonly transactions: TransactionService,
    @Inject(queueConfig.KEY) private readonly config: ConfigType<typeof queueConfig>,
  ) {}

  async reconcile(): Promise<{ checked: number; resent: number }> {
    const alerts = await this.notifications.unnotified(
      this.config.reconcileGraceMs,
      MAX_AGE_MS,
      this.config.reconcileMaxRequeues,
      BATCH,
    );
    const ended = await this.probe.ended(
      QueueName.Notifications,
      alerts.map((alert) => alert.notificationId),
    );
    let resent = 0;
    for (const alert of alerts) {
      if (ended.get(alert.notificationId)?.state !== 'missing') continue;
      if (await this.resend(alert)) resent += 1;
    }
    if (resent > 0) this.logger.warn(`re-sent ${resent} Slack alert job(s) the queue had lost`);
    return { checked: alerts.length, resent };
  }

  private resend(alert: UnnotifiedAlert): Promise<boolean> {
    return this.transactions.run(async (transaction) => {
      const locked = await this.notifications.lockUnnotified(
        transaction.manager,
        alert.id,
        alert.notificationId,
      );
      if (!locked) return false;
      const notificationId = await this.outbox.enqueueJob(transaction, locked.organizationId, {
        queue: QueueName.Notifications,
        name: 'slack-alert',
        payload: { organizationId: locked.organizationId, alertId: locked.id },
      });
      await this.notifications.requeued(transaction.manager, locked.id, notificationId);
      return true;
    });
  }
}
