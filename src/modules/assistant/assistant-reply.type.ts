import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '@/graphql/scalars';
import { AssistantReplyStatus } from './agent-run.entity';

@ObjectType('ToolCall', { description: 'One tool the assistant ran for this reply.' })
export class ToolCallView {
  @Field()
  name: string;

  @Field(() => GraphQLJSON, { description: 'Exactly the input the tool ran with.' })
  input: Record<string, unknown>;

  @Field(() => GraphQLJSON, { nullable: true })
  output: unknown;

  @Field({ description: 'ok, needs_confirmation or error.' })
  outcome: string;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => Int)
  durationMs: number;
}

@ObjectType('AssistantConfirmation', {
  description:
    'A destructive request waiting for an explicit yes: answer "yes" in the same conversation, or pass the token as `confirm`. Single use, bound to you and this request, valid until expiresAt.',
})
export class AssistantConfirmationView {
  @Field()
  token: string;

  @Field()
  summary: string;

  @Field()
  expiresAt: Date;
}

@ObjectType('AssistantReply')
export class AssistantReply {
  @Field(() => ID, { description: "The turn's AgentRun id." })
  id: string;

  @Field()
  text: string;

  @Field(() => [ToolCallView])
  toolCalls: ToolCallView[];

  @Field(() => Int)
  latencyMs: number;

  @Field(() => AssistantReplyStatus)
  status: AssistantReplyStatus;

  @Field(() => ID, { description: 'Pass it back as conversationId to continue.' })
  conversationId: string;

  @Field({ description: '`builtin`, `claude:<model>`, or `confirmation` for a confirmed request.' })
  planner: string;

  @Field(() => AssistantConfirmationView, { nullable: true })
  confirmation: AssistantConfirmationView | null;
}
