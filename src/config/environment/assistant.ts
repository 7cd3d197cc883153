import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { toInteger } from './transforms';

/**
 * The assistant's Claude planner (used when ANTHROPIC_API_KEY is set; the key,
 * base URL and request timeout are the Anthropic ones in ProviderVariables).
 * The limits bound one turn, so a confused or manipulated model cannot spend
 * tokens or tool calls without end.
 */
export class AssistantVariables {
  /** Claude model the assistant plans with (scoring keeps ANTHROPIC_MODEL). */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.:@-]{1,99}$/i, { message: 'must be a model id such as claude-sonnet-4-5' })
  ASSISTANT_MODEL = 'claude-sonnet-4-5';

  /** Model requests in one turn before the planner gives up. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(50)
  ASSISTANT_MAX_ROUND_TRIPS = 6;

  /** Tool calls in one turn before the planner gives up. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  ASSISTANT_MAX_TOOL_CALLS = 12;

  /** Wall time of one turn (ms): the model request in flight is aborted when it passes. */
  @Transform(toInteger)
  @IsInt()
  @Min(500)
  @Max(300_000)
  ASSISTANT_TURN_TIMEOUT_MS = 20_000;

  /** Output tokens per model request (replies are short and speakable). */
  @Transform(toInteger)
  @IsInt()
  @Min(64)
  @Max(16_384)
  ASSISTANT_MAX_TOKENS = 1024;
}
