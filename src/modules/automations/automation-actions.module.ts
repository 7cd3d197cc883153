import { Module } from '@nestjs/common';
import { ACTION_EXECUTORS, ActionExecutor } from './action-executor';
import { ActionRegistry } from './action-registry';

/**
 * The action executors (actions/*.action.ts) and their registry. Each
 * executor class is listed in `providers` and in the factory's `inject`.
 */
const EXECUTORS: Array<new (...args: never[]) => ActionExecutor> = [];

@Module({
  imports: [],
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
