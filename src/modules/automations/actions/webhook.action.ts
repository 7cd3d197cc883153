import { Injectable } from '@nestjs/common';
import { OutboundGuard, OutboundRefusedError } from '@/common/outbound/outbound-guard';
import { TenantScope } from '@/database/tenant-scope';
import type {
  ActionExecutor,
  ConfigProblem,
  RenderedStep,
  StepExecution,
  StepOutcome,
} from '../action-executor';
import { Automation } from '../automation.entity';
import { AutomationAction, AutomationTrigger } from '../automation.enums';
import type { AutomationEventData } from '../automation-types';
import { renderTemplate } from '../templates';
import { AutomationWebhookSecretsService } from '../webhooks/automation-webhook-secrets.service';
import { optionalString, stringSetting, unknownSettings } from './config-checks';
import { httpFailure, requestFailure } from './http-outcome';
import { signWebhook, webhookMessageId } from './webhook-signing';

export const WEBHOOK_URL_MAX = 2048;
/** The step's own `body` fields, as JSON. */
export const WEBHOOK_BODY_MAX_BYTES = 16 * 1024;
const BODY_MAX_DEPTH = 5;
/** Keys of `data` the request always sets; a step's `body` may not replace them. */
const RESERVED = ['automationId', 'runId', 'event'];

/** The JSON a CALL_WEBHOOK step POSTs (README "Automation webhooks"). */
export interface AutomationWebhookPayload {
  /** `automation.<trigger lowercased>`, e.g. `automation.task_created`. */
  type: string;
  /** When this attempt was sent (ISO-8601). */
  timestamp: string;
  data: {
    automationId: string;
    runId: string;
    event: AutomationEventData;
    [field: string]: unknown;
  };
}

/** The webhook body of one attempt. */
export function webhookPayload(
  trigger: AutomationTrigger | string,
  automationId: string,
  runId: string,
  event: AutomationEventData,
  body: Record<string, unknown> | undefined,
  timestamp: Date,
): AutomationWebhookPayload {
  return {
    type: `automation.${trigger.toLowerCase()}`,
    timestamp: timestamp.toISOString(),
    data: { automationId, runId, event, ...renderBody(body ?? {}, event) },
  };
}

/** `body` with every string (at any depth) rendered as a template. */
function renderBody(value: Record<string, unknown>, event: AutomationEventData) {
  const render = (item: unknown): unknown => {
    if (typeof item === 'string') return renderTemplate(item, event);
    if (Array.isArray(item)) return item.map(render);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, render(inner)]));
    }
    return item;
  };
  return render(value) as Record<string, unknown>;
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const inner = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...inner.map(depthOf));
}

/**
 * CALL_WEBHOOK: POSTs the event as JSON (`{ type, timestamp, data: {
 * automationId, runId, event, ...body } }`, `body` being the step's own
 * fields with templates rendered) to the step's `url`, signed per Standard
 * Webhooks with the automation's `whsec_` secret (both secrets during a
 * rotation's overlap). `webhook-id` is the same on every attempt of the step
 * of the run, so a receiver deduplicates retries on it. Every request goes
 * through the outbound guard (https, public addresses checked at connect
 * time, no redirects, timeouts, size cap). 2xx succeeds; network errors,
 * 408, 429 (with Retry-After) and 5xx are retryable; any other answer, a
 * refused destination or no secret yet is final. Config: `{ url, body? }`.
 */
@Injectable()
export class WebhookAction implements ActionExecutor {
  readonly action = AutomationAction.CALL_WEBHOOK;

  constructor(
    private readonly outbound: OutboundGuard,
    private readonly secrets: AutomationWebhookSecretsService,
    private readonly tenants: TenantScope,
  ) {}

  async validate(
    _organizationId: string,
    config: Record<string, unknown>,
  ): Promise<ConfigProblem[]> {
    const problems = [
      ...unknownSettings(config, ['url', 'body']),
      ...stringSetting(config, 'url', { required: true, max: WEBHOOK_URL_MAX }),
    ];
    if (!problems.some((problem) => problem.path === 'url')) {
      try {
        this.outbound.preflight(String(config.url));
      } catch (error) {
        if (!(error instanceof OutboundRefusedError)) throw error;
        problems.push({
          path: 'url',
          message:
            error.reason === 'url'
              ? 'must be a URL'
              : `not a destination webhooks may call: ${error.message}`,
        });
      }
    }
    const body = config.body;
    if (body !== undefined && body !== null) {
      if (typeof body !== 'object' || Array.isArray(body)) {
        problems.push({ path: 'body', message: 'must be an object of fields added to `data`' });
      } else {
        for (const key of Object.keys(body)) {
          if (RESERVED.includes(key)) {
            problems.push({ path: `body.${key}`, message: `${key} is set by Switchboard` });
          }
        }
        if (depthOf(body) > BODY_MAX_DEPTH) {
          problems.push({ path: 'body', message: `must nest at most ${BODY_MAX_DEPTH} levels` });
        }
        if (Buffer.byteLength(JSON.stringify(body)) > WEBHOOK_BODY_MAX_BYTES) {
          problems.push({
            path: 'body',
            message: `must be at most ${WEBHOOK_BODY_MAX_BYTES} bytes`,
          });
        }
      }
    }
    return problems;
  }

  async render(
    _organizationId: string,
    config: Record<string, unknown>,
    event: AutomationEventData,
  ): Promise<RenderedStep> {
    const url = optionalString(config, 'url') ?? '';
    const payload = webhookPayload(
      '<trigger>',
      '<automation id>',
      '<run id>',
      event,
      bodyOf(config),
      new Date(),
    );
    return {
      action: this.action,
      summary: `POST ${describeUrl(url)}`,
      // The signature headers are made at send time; no secret here.
      preview: {
        method: 'POST',
        url: describeUrl(url),
        headers: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
        body: payload,
      },
    };
  }

  async perform(execution: StepExecution): Promise<StepOutcome> {
    const { organizationId, automationId, runId, stepIndex, config, event } = execution;
    const automation = await this.tenants
      .for({ organizationId })
      .repository(Automation)
      .findOneBy({ id: automationId });
    if (!automation) return { ok: false, retryable: false, error: 'the automation is gone' };
    const now = new Date();
    const secrets = await this.secrets.signingSecrets(organizationId, automationId, now);
    if (secrets.length === 0) {
      return {
        ok: false,
        retryable: false,
        error:
          'the automation has no webhook signing secret yet (rotateAutomationWebhookSecret creates it): not sent',
      };
    }
    const url = optionalString(config, 'url') ?? '';
    const payload = JSON.stringify(
      webhookPayload(automation.trigger, automationId, runId, event, bodyOf(config), now),
    );
    const id = webhookMessageId(runId, stepIndex);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Switchboard-Automations/1',
      ...signWebhook(secrets, id, now, payload),
    };
    let origin: string;
    try {
      origin = this.outbound.preflight(url).origin;
      const response = await this.outbound.request(url, { method: 'POST', headers, body: payload });
      if (response.status >= 200 && response.status < 300) {
        return { ok: true, output: { status: response.status, webhookId: id } };
      }
      return httpFailure(origin, response.status, response.headers['retry-after'], response.text());
    } catch (error) {
      return requestFailure(error);
    }
  }
}

function bodyOf(config: Record<string, unknown>): Record<string, unknown> | undefined {
  const body = config.body;
  return body && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

/** The URL without its query (which may carry a token). */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
