import { registerEnumType } from '@nestjs/graphql';

export enum AlertKind {
  SPEEDING = 'SPEEDING',
  GEOFENCE_ENTER = 'GEOFENCE_ENTER',
  GEOFENCE_EXIT = 'GEOFENCE_EXIT',
  IDLE = 'IDLE',
  STALE_POSITION = 'STALE_POSITION',
}

export enum AlertSeverity {
  INFO = 'INFO',
  WARNING = 'WARNING',
  CRITICAL = 'CRITICAL',
}

/**
 * The contract's `SyncStatus` (also used by calendar connections: when both
 * modules are merged, one registration of the GraphQL enum must remain).
 */
export enum SyncStatus {
  IDLE = 'IDLE',
  SYNCING = 'SYNCING',
  OK = 'OK',
  ERROR = 'ERROR',
}

registerEnumType(AlertKind, { name: 'AlertKind' });
registerEnumType(AlertSeverity, { name: 'AlertSeverity' });
registerEnumType(SyncStatus, { name: 'SyncStatus' });
