import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { InstrumentedWorkerHost } from '@/messaging/instrumented-worker.host';
import { JobPayload } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import { RETRY_BUDGET_WORKER_OPTIONS } from '@/messaging/retry-policy';
import { TranscriptOutcome, TranscriptRunner } from '../transcripts/transcript-runner.service';
import { TwilioIntelligence, TwilioRequestError } from '../twilio/twilio-intelligence';

type TranscribePayload = JobPayload<typeof QueueName.CallTranscripts, 'transcribe-call'>;
type DeleteRecordingPayload = JobPayload<typeof QueueName.CallTranscripts, 'delete-recording'>;

/**
 * The `call-transcripts` queue: `transcribe-call` requests, polls or reads
 * one call's transcript at Twilio (TranscriptRunner). Twilio 429/5xx,
 * network and database errors are retried with the queue's retry budget;
 * a job whose retries ran out, or whose message Redis lost, is re-sent by
 * TranscriptReconciler. Idempotent: a job the call no longer waits on does
 * nothing. `delete-recording` deletes a deleted call's recording at Twilio
 * (CALL_DELETE_TWILIO_RECORDING; a recording already gone counts as deleted).
 */
@Processor(QueueName.CallTranscripts, RETRY_BUDGET_WORKER_OPTIONS)
export class CallTranscriptsProcessor extends InstrumentedWorkerHost {
  constructor(
    private readonly runner: TranscriptRunner,
    private readonly intelligence: TwilioIntelligence,
  ) {
    super();
  }

  protected async handle(job: Job): Promise<TranscriptOutcome | 'deleted'> {
    if (job.name === 'delete-recording') {
      const { recordingSid } = job.data as DeleteRecordingPayload;
      try {
        await this.intelligence.deleteRecording(recordingSid);
      } catch (error) {
        if (error instanceof TwilioRequestError && !error.retryable) {
          throw new UnrecoverableError(error.message);
        }
        throw error;
      }
      return 'deleted';
    }
    if (job.name !== 'transcribe-call') {
      throw new UnrecoverableError(`unknown call-transcripts job "${job.name}"`);
    }
    if (!job.id) throw new UnrecoverableError('a transcribe-call job without an id');
    const { organizationId, callId } = job.data as TranscribePayload;
    return this.runner.run(organizationId, callId, job.id);
  }
}
