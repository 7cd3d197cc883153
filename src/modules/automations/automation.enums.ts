import { registerEnumType } from '@nestjs/graphql';

/** What starts an automation: a committed domain event (SPEC §9). */
export enum AutomationTrigger {
  TASK_CREATED = 'TASK_CREATED',
  TASK_OVERDUE = 'TASK_OVERDUE',
  CALL_SCORED = 'CALL_SCORED',
  FLEET_ALERT = 'FLEET_ALERT',
  CALENDAR_EVENT_STARTING = 'CALENDAR_EVENT_STARTING',
}

/** What one step of an automation does. */
export enum AutomationAction {
  CREATE_TASK = 'CREATE_TASK',
  NOTIFY_SLACK = 'NOTIFY_SLACK',
  SEND_SMS = 'SEND_SMS',
  CALL_WEBHOOK = 'CALL_WEBHOOK',
}

/** How one step of one run fared. */
export enum AutomationStepStatus {
  /** Not attempted yet. */
  PENDING = 'PENDING',
  /** Failed with a retryable error; another attempt is scheduled. */
  RETRYING = 'RETRYING',
  SUCCEEDED = 'SUCCEEDED',
  /** Failed for good (not retryable, or out of attempts). */
  FAILED = 'FAILED',
  /** Not attempted because the run stopped (an earlier step failed for good, or the run was skipped). */
  SKIPPED = 'SKIPPED',
}

registerEnumType(AutomationTrigger, { name: 'AutomationTrigger' });
registerEnumType(AutomationAction, { name: 'AutomationAction' });
registerEnumType(AutomationStepStatus, { name: 'AutomationStepStatus' });
