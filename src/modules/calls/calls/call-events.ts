import { Injectable } from '@nestjs/common';
import { Transaction } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { Call } from './call.entity';

export const callUpdatedTopic = (organizationId: string): string =>
  `call.updated.${organizationId}`;
export const callScoredTopic = (organizationId: string): string => `call.scored.${organizationId}`;

/** What `callUpdated` carries (ids only; the call is read when resolved). */
export interface CallUpdatedEvent {
  callId: string;
  campaignId: string | null;
}

/** What `callScored` carries. */
export interface CallScoredEvent extends CallUpdatedEvent {
  scoreId: string;
}

/**
 * Announces call changes through the outbox, in the transaction that made
 * them. (The scoring worker's batch SQL writes callUpdated and callScored
 * events in the same shape: CallScoreRepository, with OutboxService.publishSql.)
 */
@Injectable()
export class CallEvents {
  constructor(private readonly outbox: OutboxService) {}

  async updated(transaction: Transaction, call: Call): Promise<void> {
    const event: CallUpdatedEvent = { callId: call.id, campaignId: call.campaignId };
    await this.outbox.publish(
      transaction,
      call.organizationId,
      callUpdatedTopic(call.organizationId),
      {
        ...event,
      },
    );
  }
}
