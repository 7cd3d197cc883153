import { Injectable } from '@nestjs/common';
import { isUuid } from '@/database/query-guards';
import { MembersService } from '@/modules/organizations/members.service';
import { TwilioMessenger } from '@/modules/phone/messaging/twilio-messenger.service';
import { UsersService } from '@/modules/users/users.service';
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

/** Ten segments; TwilioMessenger fits what it sends into two. */
export const SMS_BODY_MAX = 1600;
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * SEND_SMS: texts `body` (a template of the event's fields) to a member of
 * the organization (`userId`: their profile phone) or to a number (`to`,
 * E.164), from the organization's number, through the phone module's
 * TwilioMessenger — which refuses, without any request to Twilio, a
 * recipient who texted STOP (a final, readable failure) and otherwise
 * queues the message for its worker (this step succeeds once queued; the
 * message's own record tells delivery). Config: `{ body, userId | to }`.
 *
 * Once per run and step: the message is queued with the idempotency key
 * `automation:<run id>:<step index>` (unique per organization), so a step
 * performed again — its worker killed after the message was queued but
 * before the run recorded the step — answers that message (`existing:
 * true`) and queues no second one; TwilioMessenger then sends each queued
 * message to Twilio once.
 */
@Injectable()
export class SmsAction implements ActionExecutor {
  readonly action = AutomationAction.SEND_SMS;

  constructor(
    private readonly messenger: TwilioMessenger,
    private readonly members: MembersService,
    private readonly users: UsersService,
  ) {}

  async validate(
    organizationId: string,
    config: Record<string, unknown>,
  ): Promise<ConfigProblem[]> {
    const problems = [
      ...unknownSettings(config, ['body', 'userId', 'to']),
      ...stringSetting(config, 'body', { required: true, max: SMS_BODY_MAX }),
      ...stringSetting(config, 'userId', { required: false, max: 36 }),
      ...stringSetting(config, 'to', { required: false, max: 16 }),
    ];
    if (problems.some((problem) => problem.path === 'userId' || problem.path === 'to')) {
      return problems;
    }
    const userId = optionalString(config, 'userId');
    const to = optionalString(config, 'to');
    if ((userId === undefined) === (to === undefined)) {
      problems.push({ path: 'to', message: 'give exactly one recipient: `userId` or `to`' });
    } else if (to !== undefined && !E164.test(to)) {
      problems.push({ path: 'to', message: 'must be an E.164 phone number (+15551234567)' });
    } else if (userId !== undefined) {
      if (!(await this.members.isMember(organizationId, userId))) {
        problems.push({ path: 'userId', message: 'must be a member of the organization' });
      }
    }
    return problems;
  }

  async render(
    _organizationId: string,
    config: Record<string, unknown>,
    event: AutomationEventData,
  ): Promise<RenderedStep> {
    const body = renderTemplate(optionalString(config, 'body') ?? '', event);
    const userId = optionalString(config, 'userId');
    const to = optionalString(config, 'to');
    return {
      action: this.action,
      summary: userId ? `SMS to member ${userId}` : `SMS to ${to ?? '(no recipient)'}`,
      preview: userId ? { userId, body } : { to: to ?? null, body },
    };
  }

  async perform(execution: StepExecution): Promise<StepOutcome> {
    const { config, event, organizationId } = execution;
    const userId = optionalString(config, 'userId') ?? null;
    let to = optionalString(config, 'to') ?? null;
    if (userId) {
      if (!isUuid(userId) || !(await this.members.isMember(organizationId, userId))) {
        return fail(`user ${userId} is not a member of the organization: not sent`);
      }
      const user = await this.users.findById(userId);
      if (!user.phone)
        return fail(`member ${userId} has no phone number in their profile: not sent`);
      to = user.phone;
    }
    if (!to || !E164.test(to)) return fail('no E.164 recipient number: not sent');
    const body = renderTemplate(optionalString(config, 'body') ?? '', event);
    if (body.trim() === '') return fail('the message body rendered empty: not sent');
    const sent = await this.messenger.send({
      organizationId,
      to,
      body,
      userId,
      idempotencyKey: smsIdempotencyKey(execution.runId, execution.stepIndex),
    });
    if (sent.status === 'REFUSED') {
      return fail(
        sent.reason === 'OPTED_OUT'
          ? `the recipient ${to} opted out of text messages (texted STOP): not sent`
          : 'the organization has no phone number to send text messages from: not sent',
      );
    }
    return {
      ok: true,
      output: {
        messageId: sent.messageId,
        to,
        queued: true,
        ...(sent.existing ? { existing: true } : {}),
      },
    };
  }
}

/** The key that makes a SEND_SMS step of a run queue one message, however often it is performed. */
export const smsIdempotencyKey = (runId: string, stepIndex: number): string =>
  `automation:${runId}:${stepIndex}`;

function fail(error: string): StepOutcome {
  return { ok: false, retryable: false, error };
}
