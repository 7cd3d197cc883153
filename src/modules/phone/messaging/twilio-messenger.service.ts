import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { UnrecoverableError } from 'bullmq';
import { RestException, Twilio } from 'twilio';
import { twilioConfig } from '@/config/configuration';
import { isUniqueViolation } from '@/database/query-guards';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import {
  describeTwilioFailure,
  twilioCredentialsOf,
  twilioRestClient,
} from '@/modules/calls/twilio/twilio.client';
import { PhoneMessage } from './phone-message.entity';
import { PhoneMessageRepository } from './phone-message.repository';
import { fitTwoSegments } from './sms-segments';

export interface OutboundSms {
  organizationId: string;
  /** E.164 of the recipient. */
  to: string;
  body: string;
  /** E.164 of one of the organization's numbers; default: its first (SMS-enabled first). */
  from?: string | null;
  /** The member the message is for, when known. */
  userId?: string | null;
  /** The inbound message this answers. */
  inReplyToId?: string | null;
  /**
   * "This message, once": a second `send` with the same key (in the
   * organization) queues nothing and answers the message the first one
   * queued (`existing: true`), whatever became of it since. An automation's
   * SEND_SMS step uses `automation:<run id>:<step index>`.
   */
  idempotencyKey?: string | null;
}

/**
 * What became of a send: QUEUED (a row and its job are written; the worker
 * sends it), REFUSED (recorded, never sent, no request made: the recipient
 * opted out, or the organization has no number to send from).
 */
export type SendOutcome =
  | { status: 'QUEUED'; messageId: string; body: string; existing?: true }
  | { status: 'REFUSED'; messageId: string | null; reason: 'OPTED_OUT' | 'NO_SENDER' };

/** How far back (before the first attempt) Twilio's message list is searched for a message already accepted. */
const SENT_LOOKBACK_MS = 5 * 60_000;
/** Recent messages read from Twilio to find one already accepted. */
const SENT_LOOKUP_LIMIT = 50;

export const TWILIO_NOT_CONFIGURED =
  'Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN): the message was not sent';

/**
 * Every outbound SMS goes through here: assistant answers, automations'
 * SEND_SMS. `send` refuses locally a recipient who texted STOP (a REFUSED
 * row, no request to Twilio) and otherwise writes a QUEUED row and its
 * `phone-messages`/`send-message` job through the outbox, in the caller's
 * transaction when given one; with an `idempotencyKey` already used it
 * queues nothing and answers the earlier message. `deliver` (the worker)
 * sends it once with the twilio SDK's Messages API (`client.messages.create`):
 *
 * - the opt-out is checked again right before the request;
 * - the row is marked SENDING before the request, SENT with Twilio's SID
 *   after it. A message found SENDING (a worker died mid-send, or the
 *   answer was lost) is first looked for in Twilio's message list (same
 *   from, to and body, created since shortly before the first attempt) and
 *   only sent again when Twilio does not have it;
 * - Twilio's 4xx answers (except 429) end it FAILED at once; other failures
 *   are retried with the queue's retry budget and end FAILED when it is
 *   spent; without Twilio credentials it ends FAILED with TWILIO_NOT_CONFIGURED.
 *
 * Remaining double-send window: Twilio accepted the message, its answer was
 * lost AND the message does not yet show in Twilio's list when the retry
 * looks (or an identical body to the same phone was sent within the look-up
 * window, which then counts as this one: a skipped send, not a double one).
 */
@Injectable()
export class TwilioMessenger {
  private readonly logger = new Logger(TwilioMessenger.name);
  private readonly client: Twilio | null;

  constructor(
    private readonly messages: PhoneMessageRepository,
    private readonly outbox: OutboxService,
    private readonly transactions: TransactionService,
    @Inject(twilioConfig.KEY) private readonly twilio: ConfigType<typeof twilioConfig>,
  ) {
    const credentials = twilioCredentialsOf(twilio);
    this.client = credentials ? twilioRestClient(credentials, twilio.timeoutMs) : null;
  }

  /** Records and queues one SMS, or refuses it locally (see the class). */
  async send(request: OutboundSms, transaction?: Transaction): Promise<SendOutcome> {
    if (transaction) return this.write(request, transaction);
    try {
      return await this.transactions.run((own) => this.write(request, own));
    } catch (error) {
      // The same key queued by a concurrent send that committed first: answer its message.
      if (!request.idempotencyKey || !isUniqueViolation(error, 'phone_message_idempotency_key')) {
        throw error;
      }
      return this.transactions.run((own) => this.write(request, own));
    }
  }

  private async write(request: OutboundSms, transaction: Transaction): Promise<SendOutcome> {
    const { manager } = transaction;
    if (request.idempotencyKey) {
      const earlier = await this.messages.byIdempotencyKey(
        manager,
        request.organizationId,
        request.idempotencyKey,
      );
      if (earlier)
        return { status: 'QUEUED', messageId: earlier.id, body: earlier.body, existing: true };
    }
    const from =
      request.from ?? (await this.messages.defaultSender(request.organizationId, manager));
    if (!from) return { status: 'REFUSED', messageId: null, reason: 'NO_SENDER' };
    const body = fitTwoSegments(request.body);
    const optedOut = await this.messages.isOptedOut(request.organizationId, request.to, manager);
    const row = await this.messages.insert(manager, {
      organizationId: request.organizationId,
      direction: 'OUTBOUND',
      status: optedOut ? 'REFUSED' : 'QUEUED',
      fromNumber: from,
      toNumber: request.to,
      body,
      userId: request.userId ?? null,
      inReplyToId: request.inReplyToId ?? null,
      error: optedOut ? 'The recipient opted out (texted STOP): not sent' : null,
      // A refused message keeps no key: asked again (after an opt-in), it may be sent.
      idempotencyKey: optedOut ? null : (request.idempotencyKey ?? null),
    });
    if (optedOut) {
      this.logger.log(`message ${row.id} refused: the recipient opted out`);
      return { status: 'REFUSED', messageId: row.id, reason: 'OPTED_OUT' };
    }
    const jobId = await this.outbox.enqueueJob(transaction, request.organizationId, {
      queue: QueueName.PhoneMessages,
      name: 'send-message',
      payload: { organizationId: request.organizationId, messageId: row.id },
    });
    await this.messages.update(request.organizationId, row.id, { jobId }, manager);
    return { status: 'QUEUED', messageId: row.id, body };
  }

  /**
   * The worker's half: sends the message `messageId` once. `lastAttempt`:
   * this is the job's last try, so a failure ends the message FAILED.
   */
  async deliver(
    organizationId: string,
    messageId: string,
    lastAttempt: boolean,
  ): Promise<{ sent: boolean; status: string }> {
    const message = await this.messages.find(organizationId, messageId);
    if (!message || message.direction !== 'OUTBOUND') return { sent: false, status: 'MISSING' };
    if (message.status !== 'QUEUED' && message.status !== 'SENDING') {
      return { sent: false, status: message.status };
    }
    if (await this.messages.isOptedOut(organizationId, message.toNumber)) {
      await this.end(message, 'REFUSED', 'The recipient opted out (texted STOP): not sent');
      return { sent: false, status: 'REFUSED' };
    }
    if (!this.client) {
      await this.end(message, 'FAILED', TWILIO_NOT_CONFIGURED);
      return { sent: false, status: 'FAILED' };
    }
    if (message.status === 'SENDING') {
      const earlier = await this.findAccepted(this.client, message);
      if (earlier) {
        await this.messages.update(organizationId, message.id, {
          status: 'SENT',
          twilioSid: earlier,
          sentAt: new Date(),
          error: null,
        });
        this.logger.log(`message ${message.id}: Twilio already had it (${earlier}); not re-sent`);
        return { sent: true, status: 'SENT' };
      }
    }
    if (!(await this.messages.claimSending(organizationId, message.id))) {
      return { sent: false, status: 'ENDED' };
    }
    let sid: string;
    try {
      const created = await this.client.messages.create({
        from: message.fromNumber,
        to: message.toNumber,
        body: message.body,
      });
      sid = created.sid;
    } catch (error) {
      const reason = describeTwilioFailure(error, this.twilio.timeoutMs);
      const code = error instanceof RestException ? error.code : undefined;
      const status = error instanceof RestException ? error.status : undefined;
      const final = status !== undefined && status >= 400 && status < 500 && status !== 429;
      this.logger.warn({ reason, status, twilioCode: code }, `message ${message.id}: send failed`);
      if (final || lastAttempt) {
        await this.end(message, 'FAILED', code ? `${reason} (Twilio error ${code})` : reason);
      }
      if (final) throw new UnrecoverableError(reason);
      throw new Error(`message ${message.id}: ${reason}`);
    }
    await this.messages.update(organizationId, message.id, {
      status: 'SENT',
      twilioSid: sid,
      sentAt: new Date(),
      error: null,
    });
    return { sent: true, status: 'SENT' };
  }

  private async end(message: PhoneMessage, status: 'FAILED' | 'REFUSED', error: string) {
    await this.messages.update(message.organizationId, message.id, { status, error });
  }

  /**
   * Twilio's SID of this message when an earlier attempt got it accepted:
   * the newest messages from the same number to the same phone, with the
   * same body, created since shortly before the message's row.
   */
  private async findAccepted(client: Twilio, message: PhoneMessage): Promise<string | null> {
    const since = message.createdAt.getTime() - SENT_LOOKBACK_MS;
    const recent = await client.messages.list({
      from: message.fromNumber,
      to: message.toNumber,
      limit: SENT_LOOKUP_LIMIT,
    });
    const found = recent.find(
      (sent) =>
        sent.body === message.body && (!sent.dateCreated || sent.dateCreated.getTime() >= since),
    );
    return found?.sid ?? null;
  }
}
