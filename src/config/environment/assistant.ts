import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInteger } from './transforms';

/** The assistant's records: AgentRun retention and conversation memory. */
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
}
