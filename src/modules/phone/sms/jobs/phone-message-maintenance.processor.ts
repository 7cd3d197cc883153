import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { smsConfig } from '@/config/configuration';
import { MaintenanceJob, MaintenanceJobProcessor } from '@/messaging/maintenance-job';
import { PhoneMessageReconciler } from '../../messaging/phone-message-reconciler.service';
import { PhoneMessageRepository } from '../../messaging/phone-message.repository';
import { SmsSessionRepository } from '../sms-session.repository';

/** `maintenance`/`reconcile-phone-messages`: every minute, SMS jobs the queue lost are re-sent. */
@Injectable()
@MaintenanceJob({ name: 'reconcile-phone-messages', everyMs: 60_000 })
export class PhoneMessageReconcileProcessor implements MaintenanceJobProcessor {
  constructor(private readonly reconciler: PhoneMessageReconciler) {}

  process(): Promise<{ checked: number; resent: number; failed: number }> {
    return this.reconciler.reconcile();
  }
}

const PRUNE_BATCH = 5000;

/**
 * `maintenance`/`prune-phone-messages`: hourly, messages older than
 * SMS_MESSAGE_RETENTION_DAYS (finished ones) and SMS unlocks expired for a
 * day. Opt-outs are kept.
 */
@Injectable()
@MaintenanceJob({ name: 'prune-phone-messages', everyMs: 3600_000 })
export class PhoneMessagePruneProcessor implements MaintenanceJobProcessor {
  constructor(
    private readonly messages: PhoneMessageRepository,
    private readonly sessions: SmsSessionRepository,
    @Inject(smsConfig.KEY) private readonly config: ConfigType<typeof smsConfig>,
  ) {}

  async process(): Promise<{ messages: number; sessions: number }> {
    const messages = await this.messages.deleteOlderThan(
      this.config.messageRetentionDays,
      PRUNE_BATCH,
    );
    const sessions = await this.sessions.deleteExpired(1);
    return { messages, sessions };
  }
}
