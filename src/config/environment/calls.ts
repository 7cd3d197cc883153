import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { toBoolean, toInteger } from './transforms';

/** Calls and call quality (scoring). */
export class CallVariables {
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(300_000)
  CALL_SCORING_WAIT_MS = 20_000;

  /** Attempts of a scoring job (its retry budget, src/messaging/retry-policy.ts: 15 ≈ 16 minutes). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  CALL_SCORING_MAX_ATTEMPTS = 15;

  /** call-scoring jobs at once per worker (and the scorer's batch size); this queue's own setting. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  CALL_SCORING_CONCURRENCY = 8;

  /** First wait before polling a requested transcript (ms); doubled per poll, at most 5 minutes. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(600_000)
  CALL_TRANSCRIPT_POLL_MS = 15_000;

  /** How long one transcript attempt may take at Twilio before it counts as failed (ms). */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  CALL_TRANSCRIPT_TIMEOUT_MS = 3_600_000;

  /** Transcripts requested per recording before the call's transcript ends FAILED. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(10)
  CALL_TRANSCRIPT_MAX_ATTEMPTS = 3;

  /** Dual-channel recording channel (1 or 2) of the agent on an inbound call; the customer is the other. */
  @Transform(toInteger)
  @IsIn([1, 2])
  CALL_RECORDING_AGENT_CHANNEL_INBOUND = 2;

  /** Dual-channel recording channel (1 or 2) of the agent on an outbound call; the customer is the other. */
  @Transform(toInteger)
  @IsIn([1, 2])
  CALL_RECORDING_AGENT_CHANNEL_OUTBOUND = 1;

  /** Deleting a call also deletes its recording at Twilio (off: the recording stays in the Twilio account). */
  @Transform(toBoolean)
  @IsBoolean()
  CALL_DELETE_TWILIO_RECORDING = false;
  /** BATCH campaigns: the longest a call waits (ms) to be sent in a Message Batch. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  CALL_SCORING_BATCH_WINDOW_MS = 60_000;

  /** BATCH campaigns: requests per Message Batch; a full batch is sent at once. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100_000)
  CALL_SCORING_BATCH_MAX_SIZE = 1000;

  /** First wait (ms) before asking Anthropic about a sent batch; doubles up to CALL_SCORING_BATCH_POLL_MAX_MS. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  CALL_SCORING_BATCH_POLL_MS = 30_000;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  CALL_SCORING_BATCH_POLL_MAX_MS = 600_000;

  /** Batches one call may be sent in (an expired or canceled request is sent again) before it ends FAILED. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(20)
  CALL_SCORING_BATCH_MAX_SUBMISSIONS = 3;

  /** Errored batch results (or answers breaking the schema) one call may get before it ends FAILED. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(20)
  CALL_SCORING_BATCH_MAX_ERRORS = 3;

  /** How often (ms) each worker looks for batches to send and to poll. */
  @Transform(toInteger)
  @IsInt()
  @Min(50)
  @Max(600_000)
  CALL_SCORING_BATCH_TICK_MS = 5000;
}
