import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional } from 'class-validator';
import { TaskPriority, TaskStatus } from '../task.enums';
import { TaskDescription, TaskLabels, TaskTitle } from './task-input.validation';
import { OptionalId } from '@/common/validation/optional-id.decorator';

@InputType('CreateTaskInput')
export class CreateTaskInput {
  @Field({ description: '1 to 500 characters, trimmed.' })
  @TaskTitle(false)
  title: string;

  @Field(() => String, { nullable: true })
  @TaskDescription()
  description?: string | null;

  @Field(() => TaskStatus, { nullable: true, description: 'TODO unless given.' })
  @IsOptional()
  @IsEnum(TaskStatus)
  status?: TaskStatus | null;

  @Field(() => TaskPriority, { nullable: true, description: 'MEDIUM unless given.' })
  @IsOptional()
  @IsEnum(TaskPriority)
  priority?: TaskPriority | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  dueAt?: Date | null;

  @OptionalId('A member of the organization.')
  assigneeId?: string | null;

  @OptionalId("A team of the organization; the parent's team when omitted for a subtask.")
  teamId?: string | null;

  @OptionalId('Makes it a subtask, placed last among its siblings.')
  parentId?: string | null;

  @Field(() => [String], { nullable: true, description: 'At most 20, each 1 to 50 characters.' })
  @TaskLabels()
  labels?: string[] | null;
}
