import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { callsConfig } from '@/config/configuration';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import { Viewer } from '@/access/viewer';
import { BadUserInputError, FieldError, NotFoundError } from '@/common/errors/domain-errors';
import { isUniqueViolation, isUuid } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { MembersService } from '@/modules/organizations/members.service';
import { CallStatus, CallTranscriptStatus } from '../calls.enums';
import { Campaign } from '../campaigns/campaign.entity';
import { TranscriptRedactor } from '../redaction/transcript-redactor.service';
import { ScoringRequests } from '../scoring/scoring-requests.service';
import { CallEvents } from './call-events';
import { Call } from './call.entity';
import { CallRepository } from './call.repository';
import { ImportCallInput } from './dto/import-call.input';
import { transcriptErrors } from './transcript-validation';

/** Calls coming in through `importCall` (the bulk transcript path), and deleted through `deleteCall`. */
@Injectable()
export class CallCommandsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly members: MembersService,
    private readonly events: CallEvents,
    private readonly scoring: ScoringRequests,
    private readonly redactor: TranscriptRedactor,
    private readonly callRows: CallRepository,
    private readonly outbox: OutboxService,
    @Inject(callsConfig.KEY) private readonly config: ConfigType<typeof callsConfig>,
  ) {}

  /**
   * Stores a finished call with its transcript (redacted first, unless the
   * organization switched redaction off), and queues its scoring when
   * its campaign has a scorecard. Idempotent on `externalId`: the same id
   * again returns the call stored the first time, unchanged.
   */
  async importCall(viewer: Viewer, input: ImportCallInput): Promise<Call> {
    await this.check(viewer, input);
    const calls = () => this.tenants.for(viewer).repository(Call);
    if (input.externalId) {
      const existing = await calls().findOneBy({ externalId: input.externalId });
      if (existing) return existing;
    }
    try {
      return await this.transactions.run(async (transaction) => {
        const repository = this.tenants.for(viewer, transaction.manager).repository(Call);
        // Redacted before it is stored, so neither storage nor a model sees card data.
        const { transcript, redactions } = await this.redactor.redact(
          viewer.organizationId,
          input.transcript.map((segment) => ({
            speaker: segment.speaker,
            text: segment.text,
            startSec: segment.startSec,
            endSec: segment.endSec,
          })),
          transaction.manager,
        );
        const lastEnd = transcript.reduce((max, segment) => Math.max(max, segment.endSec), 0);
        const startedAt = input.startedAt ?? null;
        const endedAt = input.endedAt ?? null;
        const durationSec =
          startedAt && endedAt
            ? Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)
            : Math.ceil(lastEnd);
        const call = await repository.save(
          repository.create({
            direction: input.direction,
            from: input.from.trim(),
            to: input.to.trim(),
            status: CallStatus.COMPLETED,
            statusTimeline: [{ status: CallStatus.COMPLETED, at: endedAt ?? new Date() }],
            agentId: input.agentId ?? null,
            campaignId: input.campaignId ?? null,
            twilioCallSid: null,
            externalId: input.externalId ?? null,
            startedAt,
            endedAt,
            durationSec,
            recordingUrl: input.recordingUrl ?? null,
            transcript,
            transcriptStatus: CallTranscriptStatus.COMPLETED,
            redactions,
          }),
        );
        await this.scoring.scoreIfComplete(transaction, call);
        await this.audit.record(transaction.manager, viewer, {
          action: 'call.imported',
          entityType: 'Call',
          entityId: call.id,
          after: {
            externalId: call.externalId,
            campaignId: call.campaignId,
            agentId: call.agentId,
            segments: transcript.length,
            redactions,
          },
        });
        await this.events.updated(transaction, call);
        return call;
      });
    } catch (error) {
      // A concurrent import of the same externalId won the race: answer with its call.
      if (input.externalId && isUniqueViolation(error)) {
        const existing = await calls().findOneBy({ externalId: input.externalId });
        if (existing) return existing;
      }
      throw error;
    }
  }

  /**
   * Deletes the organization's call (its scores and scoring jobs go with
   * it), audited as `call.deleted`. With CALL_DELETE_TWILIO_RECORDING on,
   * its recording is deleted at Twilio too, by a `delete-recording` job
   * sent through the outbox in the same transaction (retried like any
   * job); off (the default), the recording stays in the Twilio account.
   */
  async deleteCall(viewer: Viewer, id: string): Promise<boolean> {
    if (!isUuid(id)) throw new NotFoundError('Call', id);
    return this.transactions.run(async (transaction) => {
      const call = await this.callRows.lockById(viewer.organizationId, id, transaction.manager);
      if (!call) throw new NotFoundError('Call', id);
      await this.callRows.delete(viewer.organizationId, call.id, transaction.manager);
      const deleteRecording = this.config.deleteTwilioRecording && call.recordingSid !== null;
      if (deleteRecording) {
        await this.outbox.enqueueJob(transaction, viewer.organizationId, {
          queue: QueueName.CallTranscripts,
          name: 'delete-recording',
          payload: { organizationId: viewer.organizationId, recordingSid: call.recordingSid! },
        });
      }
      await this.audit.record(transaction.manager, viewer, {
        action: 'call.deleted',
        entityType: 'Call',
        entityId: call.id,
        before: {
          externalId: call.externalId,
          twilioCallSid: call.twilioCallSid,
          recordingSid: call.recordingSid,
          campaignId: call.campaignId,
        },
        after: { recordingDeletedAtTwilio: deleteRecording },
      });
      return true;
    });
  }

  private async check(viewer: Viewer, input: ImportCallInput): Promise<void> {
    const errors: FieldError[] = transcriptErrors(input.transcript, 'input.transcript');
    if (input.startedAt && input.endedAt && input.endedAt < input.startedAt) {
      errors.push({ path: 'input.endedAt', message: 'must not be before startedAt' });
    }
    if (input.agentId && !(await this.members.isMember(viewer.organizationId, input.agentId))) {
      errors.push({ path: 'input.agentId', message: 'not a member of this organization' });
    }
    if (
      input.campaignId &&
      !(await this.tenants.for(viewer).repository(Campaign).findOneBy({ id: input.campaignId }))
    ) {
      errors.push({ path: 'input.campaignId', message: 'no such campaign' });
    }
    if (errors.length > 0) {
      throw BadUserInputError.forFields(errors);
    }
  }
}
