import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import {
  IncomingWebhook,
  IncomingWebhookHTTPError,
  IncomingWebhookRequestError,
} from '@slack/webhook';
import { OutboundGuard } from '@/common/outbound/outbound-guard';
import { samsaraConfig } from '@/config/configuration';
import { SLACK_WEBHOOK_URL } from '@/modules/fleet/dto/fleet-settings.input';
import { FleetSettingsService } from '@/modules/fleet/fleet-settings.service';
import type {
  ActionExecutor,
  ConfigProblem,
  RenderedStep,
  StepExecution,
  StepOutcome,
} from '../action-executor';
import { AutomationAction } from '../automation.enums';
import type { AutomationEventData } from '../automation-types';
import { renderTemplate } from '../templates';
import { optionalString, stringSetting, unknownSettings } from './config-checks';
import { httpFailure, requestFailure } from './http-outcome';

/** Slack's own cap on a message's `text` is 40 000; an automation's stays readable. */
export const SLACK_TEXT_MAX = 3000;

const NO_WEBHOOK =
  "no Slack webhook: give the step a `url` (https://hooks.slack.com/services/…) or set the organization's Slack webhook (updateFleetSettings)";

/**
 * NOTIFY_SLACK: posts `text` (a template of the event's fields) to a Slack
 * incoming webhook — the step's `url` (https://hooks.slack.com/services/…
 * only) or else the organization's (fleet settings) — with Slack's SDK,
 * through the outbound guard, to SLACK_WEBHOOK_BASE_URL in front of the
 * URL's path (as fleet alerts post). Config: `{ text, url? }`.
 *
 * The webhook URL is a secret: never shown in previews, outputs or errors.
 * Slack has no idempotency key, so a post whose answer was lost may be
 * posted again on the retry (at least once).
 */
@Injectable()
export class SlackAction implements ActionExecutor {
  readonly action = AutomationAction.NOTIFY_SLACK;

  constructor(
    private readonly outbound: OutboundGuard,
    private readonly fleetSettings: FleetSettingsService,
    @Inject(samsaraConfig.KEY) private readonly fleet: ConfigType<typeof samsaraConfig>,
  ) {}

  async validate(
    organizationId: string,
    config: Record<string, unknown>,
  ): Promise<ConfigProblem[]> {
    const problems = [
      ...unknownSettings(config, ['text', 'url']),
      ...stringSetting(config, 'text', { required: true, max: SLACK_TEXT_MAX }),
      ...stringSetting(config, 'url', { required: false, max: 500 }),
    ];
    const url = optionalString(config, 'url');
    if (url !== undefined && !problems.some((problem) => problem.path === 'url')) {
      if (!SLACK_WEBHOOK_URL.test(url)) {
        problems.push({
          path: 'url',
          message: 'must be a Slack incoming webhook URL (https://hooks.slack.com/services/…)',
        });
      }
    } else if (url === undefined && !(await this.fleetSettings.slackWebhookUrl(organizationId))) {
      problems.push({ path: 'url', message: NO_WEBHOOK });
    }
    return problems;
  }

  async render(
    _organizationId: string,
    config: Record<string, unknown>,
    event: AutomationEventData,
  ): Promise<RenderedStep> {
    const text = renderTemplate(optionalString(config, 'text') ?? '', event);
    const destination = optionalString(config, 'url')
      ? "the step's Slack webhook"
      : "the organization's Slack webhook";
    return {
      action: this.action,
      summary: `Slack message to ${destination}`,
      preview: { destination, text },
    };
  }

  async perform(execution: StepExecution): Promise<StepOutcome> {
    const { config, event, organizationId } = execution;
    const url =
      optionalString(config, 'url') ?? (await this.fleetSettings.slackWebhookUrl(organizationId));
    if (!url) return { ok: false, retryable: false, error: NO_WEBHOOK };
    if (!SLACK_WEBHOOK_URL.test(url)) {
      return {
        ok: false,
        retryable: false,
        error: 'the Slack webhook is not a https://hooks.slack.com/services/… URL: not posted',
      };
    }
    const text = renderTemplate(optionalString(config, 'text') ?? '', event);
    const target = `${this.fleet.slackWebhookBaseUrl}${new URL(url).pathname}`;
    // Slack's SDK drops the answer's headers; Retry-After is read on the way.
    let retryAfter: string | null = null;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await this.outbound.fetch(input, init);
      retryAfter = response.headers.get('retry-after');
      return response;
    };
    try {
      await new IncomingWebhook(target, { fetch }).send({ text });
      return { ok: true, output: { posted: true, characters: text.length } };
    } catch (error) {
      if (error instanceof IncomingWebhookHTTPError) {
        return httpFailure('Slack', error.statusCode, retryAfter, error.body ?? '');
      }
      return requestFailure(error instanceof IncomingWebhookRequestError ? error.original : error);
    }
  }
}
