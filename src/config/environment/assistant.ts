import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { toInteger } from './transforms';

/**
 * The assistant: its records (AgentRun retention, conversation memory), the
 * limits of one turn, and the Claude planner used when ANTHROPIC_API_KEY is
 * set (the key, base URL and request timeout are the Anthropic ones in
 * ProviderVariables). The limits bound one turn, so a confused or manipulated
 * model cannot spend tokens or tool calls without end.
 */
export class AssistantVariables {
  /** Days an AgentRun (one assistant turn's record) is kept before pruning. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(3650)
  AGENT_RUN_RETENTION_DAYS = 90;

  /** Minutes without a turn after which a conversation (its memory) is forgotten. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(10_080)
  ASSISTANT_CONVERSATION_TTL_MINUTES = 30;

  /** Longest one assistant turn may take (planner and tools), in ms; past it the turn fails cleanly. */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  ASSISTANT_TURN_TIMEOUT_MS = 20_000;

  /** Most tool calls one assistant turn may make, whichever planner. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  ASSISTANT_MAX_TOOL_CALLS = 12;

  /** Claude model the assistant plans with (scoring keeps ANTHROPIC_MODEL). */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.:@-]{1,99}$/i, {
    message: 'must be a model id such as claude-sonnet-5',
  })
  ASSISTANT_MODEL = 'claude-sonnet-5';

  /** Model requests of the Claude planner in one turn before it gives up. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(50)
  ASSISTANT_MAX_ROUND_TRIPS = 6;

  /** Output tokens per Claude planner request (replies are short and speakable). */
  @Transform(toInteger)
  @IsInt()
  @Min(64)
  @Max(16_384)
  ASSISTANT_MAX_TOKENS = 1024;
}
