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

registerEnumType(AttendeeResponse, { name: 'AttendeeResponse' });
registerEnumType(EventSource, { name: 'EventSource' });

/** The message a connection shows when Google refused its refresh token. */
export const RECONNECT_REQUIRED = 'reconnect required';
