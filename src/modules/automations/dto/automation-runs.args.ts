import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { ConnectionArgs } from '@/graphql/pagination';
import { JobStatus } from '@/modules/calls/calls.enums';

/** `automationRuns` and `automationRunHistory`: one automation's runs, newest first. */
@ArgsType()
export class AutomationRunsArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID()
  automationId: string;

  @Field(() => JobStatus, { nullable: true, description: 'Only runs in this status.' })
  @IsOptional()
  @IsEnum(JobStatus)
  status?: JobStatus | null;
}

@ArgsType()
export class AutomationRunUpdatedArgs {
  @Field(() => ID)
  @IsUUID()
  automationId: string;
}
