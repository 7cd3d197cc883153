import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { InstrumentedWorkerHost } from '@/messaging/instrumented-worker.host';
import { JobPayload } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import { RETRY_BUDGET_WORKER_OPTIONS } from '@/messaging/retry-policy';
import { TranscriptOutcome, TranscriptRunner } from '../transcripts/transcript-runner.service';

type TranscribePayload = JobPayload<typeof QueueName.CallTranscripts, 'transcribe-call'>;

/**
 * The `call-transcripts` queue: `transcribe-call` requests, polls or reads
 * one call's transcript at Twilio (TranscriptRunner). Twilio 429/5xx,
 * network and database errors are retried with the queue's retry budget;
 * a job whose retries ran out, or whose message Redis lost, is re-sent by
 * TranscriptReconciler. Idempotent: a job the call no longer waits on does
 * nothing.
 */
@Processor(QueueName.CallTranscripts, RETRY_BUDGET_WORKER_OPTIONS)
export class CallTranscriptsProcessor extends InstrumentedWorkerHost {
  constructor(private readonly runner: TranscriptRunner) {
    super();
  }

  protected handle(job: Job<TranscribePayload>): Promise<TranscriptOutcome> {
    if (job.name !== 'transcribe-call') {
      throw new UnrecoverableError(`unknown call-transcripts job "${job.name}"`);
    }
    if (!job.id) throw new UnrecoverableError('a transcribe-call job without an id');
    return this.runner.run(job.data.organizationId, job.data.callId, job.id);
  }
}
