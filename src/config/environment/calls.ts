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

  /** At most the queues' own job attempts (5, src/messaging/queue-backend.ts). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(5)
  CALL_SCORING_MAX_ATTEMPTS = 5;

  /** call-scoring jobs at once per worker (and the scorer's batch size); this queue's own setting. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  CALL_SCORING_CONCURRENCY = 8;
}
