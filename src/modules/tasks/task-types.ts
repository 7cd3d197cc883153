import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@/graphql/pagination';
import { GraphQLJSON } from '@/graphql/scalars';
import { Task } from './task.entity';
import { TaskStatus } from './task.enums';

@ObjectType('TaskConnection')
export class TaskConnection extends Connection(Task, 'Task') {}

@ObjectType('TaskStats')
export class TaskStats {
  @Field(() => Int)
  total: number;

  @Field(() => GraphQLJSON, {
    description: 'Count per status, every status present: { TODO: 3, … }.',
  })
  byStatus: Record<TaskStatus, number>;

  @Field(() => Int, { description: 'Past their due time and neither DONE nor CANCELLED.' })
  overdue: number;
}

/**
 * Deepest nesting of subtasks (a top-level task is depth 1). Every recursive
 * walk of the tree is bounded by it as well as cycle-safe (a path array).
 */
export const TASK_MAX_DEPTH = 32;

/** Gap between a new last task and the one before it. */
export const POSITION_STEP = 1024;

/** Below this gap a midpoint is no longer distinguishable: renumber the siblings. */
export const MIN_POSITION_GAP = 1e-9;
