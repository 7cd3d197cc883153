import { registerEnumType } from '@nestjs/graphql';

export enum TaskStatus {
  TODO = 'TODO',
  IN_PROGRESS = 'IN_PROGRESS',
  BLOCKED = 'BLOCKED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

export enum TaskPriority {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}

/** The channel a task came in through (taskSourceFor: WEB, API, ASSISTANT or VOICE from the caller). */
export enum TaskSource {
  WEB = 'WEB',
  VOICE = 'VOICE',
  ASSISTANT = 'ASSISTANT',
  AUTOMATION = 'AUTOMATION',
  CALL = 'CALL',
  API = 'API',
}

export enum ChangeKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  DELETED = 'DELETED',
}

export enum TaskOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  DUE_AT = 'DUE_AT',
  PRIORITY = 'PRIORITY',
  POSITION = 'POSITION',
}

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(TaskStatus, { name: 'TaskStatus' });
registerEnumType(TaskPriority, { name: 'TaskPriority' });
registerEnumType(TaskSource, { name: 'TaskSource' });
registerEnumType(ChangeKind, { name: 'ChangeKind' });
registerEnumType(TaskOrderField, { name: 'TaskOrderField' });
registerEnumType(OrderDirection, { name: 'OrderDirection' });

/**
 * Priority as a number, stored beside the enum (`priority_rank`): ordering by
 * the enum would sort alphabetically, and keyset paging needs a plain column.
 */
export const PRIORITY_RANK: Record<TaskPriority, number> = {
  [TaskPriority.LOW]: 1,
  [TaskPriority.MEDIUM]: 2,
  [TaskPriority.HIGH]: 3,
  [TaskPriority.URGENT]: 4,
};

/** Statuses after which a task no longer counts as overdue. */
export const CLOSED_STATUSES: readonly TaskStatus[] = [TaskStatus.DONE, TaskStatus.CANCELLED];
