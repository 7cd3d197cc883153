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

registerEnumType(AlertKind, { name: 'AlertKind' });
registerEnumType(AlertSeverity, { name: 'AlertSeverity' });
