import { ArgsType, Field } from '@nestjs/graphql';
import { IsIn, IsOptional } from 'class-validator';
import { ConnectionArgs } from '@/graphql/pagination';

export const CHANNELS = ['assistant', 'mcp', 'voice', 'sms'] as const;

@ArgsType()
export class AgentRunsArgs extends ConnectionArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only runs of this door: assistant, mcp, voice or sms.',
  })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: string | null;
}
