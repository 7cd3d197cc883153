import { Field, ObjectType } from '@nestjs/graphql';
import { Task } from './task.entity';
import { ChangeKind } from './task.enums';

/** What `taskChanged` emits. */
@ObjectType('TaskChange')
export class TaskChange {
  @Field(() => ChangeKind)
  kind: ChangeKind;

  @Field(() => Task)
  task: Task;
}
