import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsDate,
  IsEnum,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '@/graphql/pagination';
import { OrderDirection, TaskOrderField, TaskPriority, TaskStatus } from '../task.enums';
import { OptionalId } from '@/common/validation/optional-id.decorator';

@InputType('TaskFilter')
export class TaskFilter {
  @Field(() => [TaskStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(TaskStatus, { each: true })
  status?: TaskStatus[] | null;

  @Field(() => [TaskPriority], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(TaskPriority, { each: true })
  priority?: TaskPriority[] | null;

  @OptionalId()
  assigneeId?: string | null;

  @OptionalId()
  teamId?: string | null;

  @OptionalId('Direct subtasks of this task.')
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Tasks carrying this label.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  label?: string | null;

  @Field(() => Date, { nullable: true, description: 'Due strictly before this time.' })
  @IsOptional()
  @IsDate()
  dueBefore?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Due strictly after this time.' })
  @IsOptional()
  @IsDate()
  dueAfter?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Full-text search over title and description (web-search syntax, stemmed).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  search?: string | null;
}

@InputType('TaskOrder')
export class TaskOrder {
  @Field(() => TaskOrderField)
  @IsEnum(TaskOrderField)
  field: TaskOrderField;

  @Field(() => OrderDirection)
  @IsEnum(OrderDirection)
  direction: OrderDirection;
}

@ArgsType()
export class TasksArgs extends ConnectionArgs {
  @Field(() => TaskFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskFilter)
  filter?: TaskFilter | null;

  @Field(() => TaskOrder, { nullable: true, description: 'POSITION ascending unless given.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskOrder)
  orderBy?: TaskOrder | null;
}
