import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional } from 'class-validator';
import { TaskPriority, TaskStatus } from '../task.enums';
import { TaskDescription, TaskLabels, TaskTitle, ValidateIfGiven } from './task-input.validation';
import { OptionalId } from '@/common/validation/optional-id.decorator';

/** Fields left out stay as they are; null clears the nullable ones. */
@InputType('UpdateTaskInput')
export class UpdateTaskInput {
  @Field(() => String, { nullable: true })
  @TaskTitle(true)
  title?: string;

  @Field(() => String, { nullable: true })
  @TaskDescription()
  description?: string | null;

  @Field(() => TaskStatus, {
    nullable: true,
    description: 'DONE sets completedAt; leaving DONE clears it.',
  })
  @ValidateIfGiven()
  @IsEnum(TaskStatus)
  status?: TaskStatus;

  @Field(() => TaskPriority, { nullable: true })
  @ValidateIfGiven()
  @IsEnum(TaskPriority)
  priority?: TaskPriority;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  dueAt?: Date | null;

  @OptionalId()
  assigneeId?: string | null;

  @OptionalId()
  teamId?: string | null;

  @Field(() => [String], { nullable: true })
  @TaskLabels()
  labels?: string[];
}
