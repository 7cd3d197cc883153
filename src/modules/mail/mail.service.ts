import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { mailConfig } from '@/config/configuration';
import { Transaction } from '@/database/transaction.service';
import { MailContent } from './mail-templates';
import { MailStatus, SentMail } from './sent-mail.entity';
import { SentMailRepository } from './sent-mail.repository';

export interface OutgoingMail extends MailContent {
  /** What the message is (`email_verification`, `invitation`), for the log and `sentMail`. */
  kind: string;
  to: string;
  /** The organization it concerns, if any (its OWNER can read it). */
  organizationId: string | null;
}

/**
 * nodemailer over SMTP at `url`: connecting and the server's greeting may
 * each take `timeoutMs` (SMTP_TIMEOUT_MS), an idle socket twice that; past
 * it the send fails and the delivery is retried.
 */
export function smtpTransport(
  url: string,
  timeoutMs: number,
): Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options> {
  const options: SMTPTransport.Options = {
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  };
  return createTransport(options);
}

/** How long a claimed delivery may take before another process may retry it. */
const CLAIM_LEASE_MS = 5 * 60_000;
const SWEEP_BATCH = 20;

/**
 * Mail as part of a change: `enqueue` writes the message in the caller's
 * transaction, so it exists exactly when the change committed, and delivers
 * it after commit. Delivery claims the row atomically (any number of
 * processes), sends it over SMTP with nodemailer, and on failure schedules a
 * retry with exponential backoff until MAIL_MAX_ATTEMPTS; a sweep every
 * MAIL_RETRY_INTERVAL_MS picks up retries and messages a crash left behind.
 * Without SMTP_URL (embedded mode, development) the message is written to
 * the log and kept as LOGGED.
 */
@Injectable()
export class MailService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter | null;
  private sweeper: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly sentMail: SentMailRepository,
    @Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>,
  ) {
    this.transport = config.smtpUrl ? smtpTransport(config.smtpUrl, config.smtpTimeoutMs) : null;
  }

  /** A link into the product's web app: PUBLIC_URL + path, with the query given. */
  link(path: string, query: Record<string, string>): string {
    const url = new URL(`${this.config.publicUrl}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url.toString();
  }

  async enqueue(transaction: Transaction, mail: OutgoingMail): Promise<SentMail> {
    const row = await this.sentMail.insert(transaction.manager, {
      organizationId: mail.organizationId,
      kind: mail.kind,
      toAddress: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      status: MailStatus.PENDING,
      attempts: 0,
      lastError: null,
      sentAt: null,
    });
    transaction.afterCommit(() => this.track(this.deliver(row.id)));
    return row;
  }

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => this.track(this.sweep()), this.config.retryIntervalMs);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.allSettled([...this.inFlight]);
    this.transport?.close();
  }

  /** Delivers every due PENDING message (retries, and those a crash left behind). */
  async sweep(): Promise<void> {
    for (const id of await this.sentMail.findDueIds(SWEEP_BATCH)) await this.deliver(id);
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.logger.error({ err: error }, 'mail delivery failed'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** One delivery attempt, if the message is still due and no one else holds it. */
  private async deliver(id: string): Promise<void> {
    const mail = await this.sentMail.claim(id, CLAIM_LEASE_MS);
    if (!mail) return;
    if (!this.transport) {
      this.logger.log(
        `mail (no SMTP_URL: logged only) ${mail.kind} to ${mail.toAddress}: ${mail.subject}\n${mail.text}`,
      );
      await this.finish(id, MailStatus.LOGGED, null);
      return;
    }
    try {
      await this.transport.sendMail({
        from: this.config.from,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      await this.finish(id, MailStatus.SENT, null);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (mail.attempts >= this.config.maxAttempts) {
        this.logger.error(`mail ${id} (${mail.kind}) failed for good: ${message}`);
        await this.finish(id, MailStatus.FAILED, message);
        return;
      }
      const delayMs = Math.min(
        this.config.retryIntervalMs * 2 ** (mail.attempts - 1),
        6 * 3_600_000,
      );
      this.logger.warn(`mail ${id} (${mail.kind}) attempt ${mail.attempts} failed: ${message}`);
      await this.sentMail.scheduleRetry(id, message.slice(0, 1000), delayMs);
    }
  }

  private async finish(id: string, status: MailStatus, error: string | null): Promise<void> {
    await this.sentMail.finish(id, status, error?.slice(0, 1000) ?? null);
  }
}
