import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { twiml } from 'twilio';
import { NotFoundError } from '@/common/errors/domain-errors';
import { anthropicConfig, smsConfig } from '@/config/configuration';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import { AssistantEngine, AssistantTurn } from '@/modules/assistant/assistant-engine.service';
import { PhoneNumberRepository } from '@/modules/calls/calls/phone-number.repository';
import { WebhookReceiptRepository } from '@/modules/calls/webhooks/webhook-receipt.repository';
import { PhoneMember, UsersService } from '@/modules/users/users.service';
import { VoicePinService } from '@/modules/users/voice-pin.service';
import { PhoneMessageRepository } from '../messaging/phone-message.repository';
import { fitTwoSegments } from '../messaging/sms-segments';
import { TwilioMessenger } from '../messaging/twilio-messenger.service';
import { phoneViewer } from '../phone-viewer';
import { SMS_PIN, smsKeyword } from './sms-keywords';
import { SmsSessionRepository } from './sms-session.repository';

/** The form parameters of Twilio's incoming-message webhook that are read. */
export interface SmsWebhookParams {
  MessageSid?: string;
  From?: string;
  To?: string;
  Body?: string;
  [name: string]: unknown;
}

export const SMS_REPLIES = {
  help: 'Switchboard assistant: text your voice PIN to unlock, then text requests like "add a task call Bob tomorrow". Reply STOP to opt out.',
  start: 'You will get texts from this number again. Text HELP for help.',
  noAssistant: 'This number does not take text requests. Reply HELP for help, STOP to opt out.',
  unknown:
    'This phone is not on a Switchboard profile here. Add it to your profile, then text your voice PIN.',
  ambiguous:
    'Several people here share this phone, so texting cannot tell who you are. Please call this number and sign in with your PIN.',
  noPin: 'Set a voice PIN in your Switchboard profile first, then text it here.',
  wrongPin: 'That PIN is not right. Please try again.',
  locked: (minutes: number) =>
    `Too many wrong PINs. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  unlocked: (minutes: number) =>
    `Unlocked for ${minutes} minutes. Text your request, e.g. "add a task call Bob tomorrow".`,
  pinFirst: 'Text your voice PIN first.',
  failed: 'Sorry, something went wrong on my side. Please try again.',
  interrupted: (request: string) =>
    `I could not finish your request "${request.slice(0, 60)}". Please check before texting it again.`,
} as const;

/**
 * The SMS assistant: Twilio's incoming-message webhook for the
 * organization's numbers. In order: duplicates (the MessageSid) are
 * answered once; STOP/START/HELP are honoured on any registered number;
 * then the number's SMS switch, the sender's opt-out, who the sender is
 * (their profile phone among the members), their PIN (the whole body,
 * unlocking the phone for SMS_UNLOCK_MINUTES) and the request, answered by
 * the assistant engine: in the TwiML at once with the built-in planner; with
 * Claude, an empty TwiML and the answer texted from the worker
 * (`phone-messages`/`answer-sms`, then TwilioMessenger). A PIN is never
 * stored, logged or handed to the assistant. Never throws: a failure is
 * logged and answered with an apology or an empty TwiML.
 */
@Injectable()
export class SmsService {
  private readonly logger = new Logger(SmsService.name);

  constructor(
    private readonly numbers: PhoneNumberRepository,
    private readonly receipts: WebhookReceiptRepository,
    private readonly messages: PhoneMessageRepository,
    private readonly sessions: SmsSessionRepository,
    private readonly messenger: TwilioMessenger,
    private readonly users: UsersService,
    private readonly pins: VoicePinService,
    private readonly engine: AssistantEngine,
    private readonly outbox: OutboxService,
    private readonly transactions: TransactionService,
    @Inject(smsConfig.KEY) private readonly config: ConfigType<typeof smsConfig>,
    @Inject(anthropicConfig.KEY) private readonly anthropic: ConfigType<typeof anthropicConfig>,
  ) {}

  /** The TwiML answer to one incoming message. */
  async receive(params: SmsWebhookParams): Promise<string> {
    try {
      const reply = await this.reply(params);
      return twimlOf(reply);
    } catch (error) {
      this.logger.error({ err: error }, 'SMS webhook failed');
      return twimlOf(null);
    }
  }

  private async reply(params: SmsWebhookParams): Promise<string | null> {
    const sid = str(params.MessageSid);
    const from = str(params.From);
    const to = str(params.To);
    const body = str(params.Body);
    if (!sid || !from || !to) return null;
    const route = await this.numbers.routeOf(to);
    if (!route) {
      this.logger.warn(`SMS ${sid} to a number no organization has`);
      return null;
    }
    const organizationId = route.organizationId;
    const optedOut = await this.messages.isOptedOut(organizationId, from);

    // Keywords first: whatever the number's switch, whoever the sender.
    const keyword = smsKeyword(body, optedOut);
    if (keyword) {
      const fresh = await this.once(organizationId, sid, async (transaction) => {
        if (keyword.keyword === 'STOP') {
          await this.messages.optOut(organizationId, from, keyword.word, transaction.manager);
        } else if (keyword.keyword === 'START') {
          await this.messages.optIn(organizationId, from, transaction.manager);
        }
      });
      if (!fresh) return null;
      this.logger.log(`SMS ${sid}: keyword ${keyword.keyword}`);
      // STOP: Twilio confirms the opt-out itself (and would refuse a reply).
      if (keyword.keyword === 'STOP') return null;
      return keyword.keyword === 'START' ? SMS_REPLIES.start : SMS_REPLIES.help;
    }

    const earlier = await this.messages.inboundBySid(organizationId, sid);
    if (earlier) return earlier.reply;
    if (optedOut) {
      // Nothing is sent to a phone that opted out, a TwiML reply neither.
      await this.once(organizationId, sid, async () => undefined);
      return null;
    }
    if (!route.smsAssistant) {
      return (await this.once(organizationId, sid, async () => undefined))
        ? SMS_REPLIES.noAssistant
        : null;
    }

    const members = await this.users.membersWithPhone(organizationId, from);
    if (members.length !== 1) {
      if (!(await this.once(organizationId, sid, async () => undefined))) return null;
      return members.length === 0 ? SMS_REPLIES.unknown : SMS_REPLIES.ambiguous;
    }
    const member = members[0];

    if (SMS_PIN.test(body.trim())) {
      if (!(await this.once(organizationId, sid, async () => undefined))) return null;
      return this.unlock(organizationId, from, member, body.trim());
    }

    const session = await this.sessions.find(organizationId, from);
    const unlocked =
      session?.userId === member.userId &&
      session.unlockedUntil !== null &&
      session.unlockedUntil > new Date();
    if (!unlocked) {
      return (await this.once(organizationId, sid, async () => undefined))
        ? SMS_REPLIES.pinFirst
        : null;
    }

    const inbound = {
      organizationId,
      direction: 'INBOUND' as const,
      fromNumber: from,
      toNumber: to,
      body,
      userId: member.userId,
      twilioSid: sid,
    };
    if (this.anthropic.enabled) {
      // Claude may take longer than Twilio waits: answer from the worker.
      await this.once(organizationId, sid, async (transaction) => {
        const row = await this.messages.insert(transaction.manager, {
          ...inbound,
          status: 'RECEIVED',
        });
        const jobId = await this.outbox.enqueueJob(transaction, organizationId, {
          queue: QueueName.PhoneMessages,
          name: 'answer-sms',
          payload: { organizationId, messageId: row.id },
        });
        await this.messages.update(organizationId, row.id, { jobId }, transaction.manager);
      });
      return null;
    }

    let messageId: string | null = null;
    await this.once(organizationId, sid, async (transaction) => {
      const row = await this.messages.insert(transaction.manager, {
        ...inbound,
        status: 'ANSWERING',
      });
      messageId = row.id;
    });
    if (!messageId) return null;
    const turn = await this.ask(organizationId, member, from, body, session.conversationId);
    await this.messages.update(organizationId, messageId, { status: 'ANSWERED', reply: turn.text });
    await this.sessions.rememberConversation(
      organizationId,
      from,
      member.userId,
      turn.conversationId,
    );
    return turn.text;
  }

  /** Checks a texted PIN (never stored or logged) and unlocks the phone. */
  private async unlock(
    organizationId: string,
    phone: string,
    member: PhoneMember,
    pin: string,
  ): Promise<string> {
    if (!member.hasVoicePin) return SMS_REPLIES.noPin;
    const result = await this.pins.verify(member.userId, pin);
    if (result.ok) {
      const minutes = this.config.unlockMinutes;
      await this.sessions.unlock(
        organizationId,
        phone,
        member.userId,
        new Date(Date.now() + minutes * 60_000),
      );
      this.logger.log(`SMS unlock for user ${member.userId} in ${organizationId}`);
      return SMS_REPLIES.unlocked(minutes);
    }
    this.logger.warn(
      `SMS PIN refused for user ${member.userId}${result.locked ? ' (locked)' : ''}`,
    );
    if (result.locked && result.lockedUntil) {
      return SMS_REPLIES.locked(
        Math.max(1, Math.ceil((result.lockedUntil.getTime() - Date.now()) / 60_000)),
      );
    }
    return SMS_REPLIES.wrongPin;
  }

  /** One assistant turn; a conversation that expired meanwhile is started afresh. */
  private async ask(
    organizationId: string,
    member: Pick<PhoneMember, 'userId' | 'role'>,
    phone: string,
    text: string,
    conversationId: string | null,
  ): Promise<AssistantTurn> {
    const viewer = phoneViewer(organizationId, member, 'sms');
    try {
      return await this.engine.ask(viewer, { text, channel: 'sms', conversationId });
    } catch (error) {
      if (!(error instanceof NotFoundError) || !conversationId) throw error;
      this.logger.debug(`SMS conversation of ${phone.slice(-4)} expired; starting afresh`);
      return this.engine.ask(viewer, { text, channel: 'sms', conversationId: null });
    }
  }

  /**
   * Runs `work` with this message's receipt written in the same
   * transaction; false (and nothing done) when the message was seen before.
   */
  private once(
    organizationId: string,
    sid: string,
    work: (transaction: Transaction) => Promise<void>,
  ): Promise<boolean> {
    return this.transactions.run(async (transaction) => {
      if (!(await this.receipts.insertOnce(organizationId, `sms:${sid}`, transaction.manager))) {
        return false;
      }
      await work(transaction);
      return true;
    });
  }

  /**
   * The worker's half with the Claude planner (`answer-sms`): runs the
   * assistant on an inbound message and texts its answer through the
   * messenger, once. The message is ANSWERING while the assistant runs; a
   * message found ANSWERING (a worker died mid-turn, its tools may have run)
   * is not run again: the sender is told to check before asking again.
   */
  async answer(
    organizationId: string,
    messageId: string,
    lastAttempt: boolean,
  ): Promise<{ status: string }> {
    const message = await this.messages.find(organizationId, messageId);
    if (!message || message.direction !== 'INBOUND') return { status: 'MISSING' };
    if (message.status === 'ANSWERING') {
      await this.finish(
        message.id,
        organizationId,
        message,
        SMS_REPLIES.interrupted(message.body),
        'FAILED',
      );
      return { status: 'INTERRUPTED' };
    }
    if (message.status !== 'RECEIVED') return { status: message.status };
    if (!(await this.messages.transition(organizationId, messageId, ['RECEIVED'], 'ANSWERING'))) {
      return { status: 'TAKEN' };
    }
    const members = await this.users.membersWithPhone(organizationId, message.fromNumber);
    const member = members.find((candidate) => candidate.userId === message.userId);
    if (!member || members.length !== 1) {
      await this.messages.update(organizationId, messageId, {
        status: 'FAILED',
        reply: null,
      });
      return { status: 'FAILED' };
    }
    const session = await this.sessions.find(organizationId, message.fromNumber);
    let turn: AssistantTurn;
    try {
      turn = await this.ask(
        organizationId,
        member,
        message.fromNumber,
        message.body,
        session?.userId === member.userId ? session.conversationId : null,
      );
    } catch (error) {
      if (!lastAttempt) {
        // Nothing ran (the engine records its own failures): try again.
        await this.messages.transition(organizationId, messageId, ['ANSWERING'], 'RECEIVED');
        throw error;
      }
      await this.finish(messageId, organizationId, message, SMS_REPLIES.failed, 'FAILED');
      return { status: 'FAILED' };
    }
    await this.finish(messageId, organizationId, message, turn.text, 'ANSWERED', turn);
    return { status: 'ANSWERED' };
  }

  /** Texts `text` in answer to `message` and ends it, in one transaction. */
  private finish(
    messageId: string,
    organizationId: string,
    message: { fromNumber: string; toNumber: string; userId: string | null },
    text: string,
    status: 'ANSWERED' | 'FAILED',
    turn?: AssistantTurn,
  ): Promise<void> {
    return this.transactions.run(async (transaction) => {
      const locked = await this.messages.lock(transaction.manager, organizationId, messageId);
      if (!locked || locked.status !== 'ANSWERING') return;
      await this.messenger.send(
        {
          organizationId,
          to: message.fromNumber,
          from: message.toNumber,
          body: text,
          userId: message.userId,
          inReplyToId: messageId,
        },
        transaction,
      );
      // No `reply`: that is the TwiML answer, repeated to a retried webhook;
      // this answer went out as its own message (inReplyToId).
      await this.messages.update(organizationId, messageId, { status }, transaction.manager);
      if (turn && message.userId) {
        await this.sessions.rememberConversation(
          organizationId,
          message.fromNumber,
          message.userId,
          turn.conversationId,
          transaction.manager,
        );
      }
    });
  }
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A TwiML messaging response: the reply as one `<Message>`, or empty. */
export function twimlOf(reply: string | null): string {
  const response = new twiml.MessagingResponse();
  if (reply) response.message(fitTwoSegments(reply));
  return response.toString();
}
