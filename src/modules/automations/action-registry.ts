import { Inject, Injectable } from '@nestjs/common';
import { ACTION_EXECUTORS, ActionExecutor } from './action-executor';
import { AutomationAction } from './automation.enums';

/** Every action's executor, by action (AutomationActionsModule provides them). */
@Injectable()
export class ActionRegistry {
  private readonly byAction = new Map<AutomationAction, ActionExecutor>();

  constructor(@Inject(ACTION_EXECUTORS) executors: ActionExecutor[]) {
    for (const executor of executors) this.byAction.set(executor.action, executor);
  }

  /** The executor of `action`; throws when none is registered (a programming error). */
  get(action: AutomationAction): ActionExecutor {
    const executor = this.byAction.get(action);
    if (!executor) throw new Error(`no executor registered for ${action}`);
    return executor;
  }

  has(action: AutomationAction): boolean {
    return this.byAction.has(action);
  }
}
