import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInteger } from './transforms';

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
}
