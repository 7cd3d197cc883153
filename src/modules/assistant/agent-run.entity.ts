import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@/graphql/scalars';
import { Column, Entity, Index } from 'typeorm';
import { References, SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import type { AssistantChannel, AssistantStatus, RecordedToolCall } from './assistant-types';

export enum AssistantReplyStatus {
  COMPLETED = 'COMPLETED',
  NEEDS_CONFIRMATION = 'NEEDS_CONFIRMATION',
  NEEDS_CLARIFICATION = 'NEEDS_CLARIFICATION',
  REFUSED = 'REFUSED',
  FAILED = 'FAILED',
}
registerEnumType(AssistantReplyStatus, {
  name: 'AssistantStatus',
  description:
    'COMPLETED: done (or answered). NEEDS_CONFIRMATION: a destructive tool waits for an explicit yes. ' +
    'NEEDS_CLARIFICATION: the request was ambiguous or missing something; the reply asks. ' +
    'REFUSED: not allowed for this caller. FAILED: something went wrong; nothing was half-done.',
});

/** One tool call of a run, as it ran: the exact input, its outcome and how long it took. */
@ObjectType('AgentToolCall')
export class AgentToolCall {
  @Field()
  name: string;

  @Field(() => GraphQLJSON)
  input: Record<string, unknown>;

  @Field({ description: 'ok, needs_confirmation or error.' })
  outcome: string;

  @Field(() => GraphQLJSON, { nullable: true })
  output: unknown;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => Int)
  durationMs: number;
}

/**
 * One assistant turn, whatever door it came through: who asked, what, which
 * planner, every tool call, the reply and where the time and tokens went.
 * Kept for AGENT_RUN_RETENTION_DAYS. A voice PIN never reaches this record.
 */
@ObjectType('AgentRun')
@Entity('agent_run')
@Index('agent_run_organization_created_idx', ['organizationId', 'createdAt', 'id'])
@Index('agent_run_actor_created_idx', ['organizationId', 'actorUserId', 'createdAt', 'id'])
export class AgentRun extends TenantEntity {
  @Field(() => ID, { nullable: true })
  @Column('uuid', { nullable: true })
  conversationId: string | null;

  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  @Column('uuid', { nullable: true })
  actorApiKeyId: string | null;

  @Field(() => String, { description: 'assistant (askAssistant), mcp, voice or sms.' })
  @Column({ type: 'text' })
  channel: AssistantChannel;

  @Field({ description: 'What the caller said or typed (for MCP: the tool called).' })
  @Column({ type: 'text' })
  input: string;

  @Field({ description: '`builtin`, `claude:<model>` or `mcp`.' })
  @Column({ type: 'text' })
  planner: string;

  @Field(() => [AgentToolCall])
  @Column({ type: 'jsonb', default: () => "'[]'" })
  toolCalls: RecordedToolCall[];

  @Field()
  @Column({ type: 'text' })
  reply: string;

  @Field(() => AssistantReplyStatus)
  @Column({ type: 'text' })
  status: AssistantStatus;

  @Field(() => String, { nullable: true, description: 'Why the turn failed, when it did.' })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Field(() => Int, { description: 'Time in the planner (the model, or parsing).' })
  @Column({ type: 'int', default: 0 })
  planningMs: number;

  @Field(() => Int, { description: 'Time in tool calls.' })
  @Column({ type: 'int', default: 0 })
  toolsMs: number;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  totalMs: number;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  modelRoundTrips: number;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  inputTokens: number;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  outputTokens: number;

  @Field(() => Int, { description: 'Prompt tokens served from the provider cache.' })
  @Column({ type: 'int', default: 0 })
  cacheReadTokens: number;

  @Field(() => Int, { description: 'Prompt tokens written to the provider cache.' })
  @Column({ type: 'int', default: 0 })
  cacheWriteTokens: number;

  @References('User', 'actor_user_id', 'SET NULL')
  readonly actorUserFk?: never;

  @SameOrganization('ApiKey', 'actor_api_key_id', 'SET NULL')
  readonly actorApiKeyFk?: never;

  @SameOrganization('AssistantConversation', 'conversation_id', 'SET NULL')
  readonly conversationFk?: never;
}
