import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';

@InputType('MoveTaskInput')
export class MoveTaskInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'The new parent; null makes it a top-level task; left out keeps the current parent.',
  })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The sibling to place it right after; null or left out places it first.',
  })
  @IsOptional()
  @IsUUID()
  afterTaskId?: string | null;
}
