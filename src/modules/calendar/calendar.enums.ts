import { registerEnumType } from '@nestjs/graphql';

export enum AttendeeResponse {
  NEEDS_ACTION = 'NEEDS_ACTION',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  TENTATIVE = 'TENTATIVE',
}

export enum EventSource {
  LOCAL = 'LOCAL',
  GOOGLE = 'GOOGLE',
}

export enum SyncStatus {
  IDLE = 'IDLE',
  SYNCING = 'SYNCING',
  OK = 'OK',
  ERROR = 'ERROR',
}

registerEnumType(AttendeeResponse, { name: 'AttendeeResponse' });
registerEnumType(EventSource, { name: 'EventSource' });
registerEnumType(SyncStatus, { name: 'SyncStatus' });

/** The message a connection shows when Google refused its refresh token. */
export const RECONNECT_REQUIRED = 'reconnect required';
