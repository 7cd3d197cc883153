import { Processor } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, UnrecoverableError } from 'bullmq';
import {
  IncomingWebhook,
  IncomingWebhookHTTPError,
  IncomingWebhookRequestError,
  IncomingWebhookSendArguments,
} from '@slack/webhook';
import { OutboundGuard, OutboundRefusedError } from '@/common/outbound/outbound-guard';
import { samsaraConfig } from '@/config/configuration';
import { SLACK_WEBHOOK_URL } from '../dto/fleet-settings.input';
import { InstrumentedWorkerHost } from '@/messaging/instrumented-worker.host';
import { JobPayloads } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import { RETRY_BUDGET_WORKER_OPTIONS } from '@/messaging/retry-policy';
import { FleetAlertsService } from '../fleet-alerts.service';
import { FleetNotificationRepository } from '../fleet-notification.repository';
import { FleetSettingsService } from '../fleet-settings.service';
import { VehiclesService } from '../vehicles.service';

type Payloads = JobPayloads[typeof QueueName.Notifications];

/**
 * The `notifications` queue's `slack-alert`: a CRITICAL fleet alert posted
 * to the organization's Slack incoming webhook (FleetSettings) through the
 * outbound guard. A failed post throws, and BullMQ retries it with
 * the queue's retry budget (retry-policy.ts); a destination the guard
 * refuses is not retried. A successful post is recorded on the alert
 * (`notified_at`), so a job re-sent by SlackAlertReconciler (when Redis lost
 * the first) posts once. This is the queue's only processor: a second job
 * kind on `notifications` belongs here, dispatched on the job name.
 */
@Processor(QueueName.Notifications, RETRY_BUDGET_WORKER_OPTIONS)
export class FleetNotificationsProcessor extends InstrumentedWorkerHost {
  private readonly log = new Logger(FleetNotificationsProcessor.name);

  constructor(
    private readonly alerts: FleetAlertsService,
    private readonly settings: FleetSettingsService,
    private readonly vehicles: VehiclesService,
    private readonly outbound: OutboundGuard,
    private readonly notifications: FleetNotificationRepository,
    @Inject(samsaraConfig.KEY) private readonly fleet: ConfigType<typeof samsaraConfig>,
  ) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'slack-alert':
        return this.slackAlert(job.data as Payloads['slack-alert']);
      default:
        throw new Error(`unknown notifications job "${job.name}"`);
    }
  }

  private async slackAlert({ alertId }: Payloads['slack-alert']): Promise<{ sent: boolean }> {
    const [alert] = await this.alerts.findAnyById(alertId);
    if (!alert) return { sent: false };
    // Posted already (a re-delivered or reconciled job): never twice.
    if (alert.notifiedAt) return { sent: false };
    const url = await this.settings.slackWebhookUrl(alert.organizationId);
    if (!url) return { sent: false };
    if (!SLACK_WEBHOOK_URL.test(url)) {
      // Stored before only Slack's host was accepted: never posted anywhere else.
      this.log.warn(`alert ${alert.id}: the stored Slack webhook is not a hooks.slack.com URL`);
      return { sent: false };
    }
    const [vehicle] = await this.vehicles.findByIds(alert.organizationId, [alert.vehicleId]);
    const text = `:rotating_light: ${alert.kind} (${alert.severity}): ${alert.message}`;
    // Slack's host, or SLACK_WEBHOOK_BASE_URL in front of the same path.
    const target = `${this.fleet.slackWebhookBaseUrl}${new URL(url).pathname}`;
    const payload = {
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${alert.kind}* · ${alert.severity}` } },
        { type: 'section', text: { type: 'plain_text', text: alert.message } },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `${vehicle?.name ?? 'vehicle'} · ${alert.at.toISOString()} · alert ${alert.id}`,
            },
          ],
        },
      ],
    };
    await this.post(alert.id, target, payload);
    // Should this fail (PostgreSQL down), the job is retried and posts again:
    // at least once, never lost.
    await this.notifications.markNotified(alert.id);
    return { sent: true };
  }

  /**
   * Posts with Slack's own SDK, whose requests go through the outbound
   * guard. Error texts name the alert, never the URL (its path is the
   * webhook's secret). A refused destination is not retried.
   */
  private async post(
    alertId: string,
    target: string,
    payload: IncomingWebhookSendArguments,
  ): Promise<void> {
    const webhook = new IncomingWebhook(target, { fetch: this.outbound.fetch });
    try {
      await webhook.send(payload);
    } catch (error) {
      const cause = error instanceof IncomingWebhookRequestError ? error.original : error;
      if (cause instanceof OutboundRefusedError) {
        this.log.warn(`alert ${alertId}: Slack post refused: ${cause.message}`);
        throw new UnrecoverableError(cause.message);
      }
      if (error instanceof IncomingWebhookHTTPError) {
        throw new Error(
          `alert ${alertId}: Slack answered ${error.statusCode} ${error.body.slice(0, 200)}`,
        );
      }
      throw cause;
    }
  }
}
