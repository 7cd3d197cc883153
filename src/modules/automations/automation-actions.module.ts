import { Module } from '@nestjs/common';
import { ACTION_EXECUTORS, ActionExecutor } from './action-executor';
import { ActionRegistry } from './action-registry';
import { CreateTaskAction } from './actions/create-task.action';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { TasksModule } from '@/modules/tasks/tasks.module';

/**
 * The action executors (actions/*.action.ts) and their registry. Each
 * executor class is listed in `providers` and in the factory's `inject`.
 */
const EXECUTORS: Array<new (...args: never[]) => ActionExecutor> = [CreateTaskAction];

@Module({
  imports: [TasksModule, OrganizationsModule],
  providers: [
    ...EXECUTORS,
    {
      provide: ACTION_EXECUTORS,
      useFactory: (...executors: ActionExecutor[]) => executors,
      inject: EXECUTORS,
    },
    ActionRegistry,
  ],
  exports: [ActionRegistry],
})
export class AutomationActionsModule {}
