import { registerEnumType } from '@nestjs/graphql';

/**
 * The contract's `SyncStatus`, shared by every connection to an outside
 * system (Google calendar connections, fleet integrations): one GraphQL enum,
 * registered once here.
 */
export enum SyncStatus {
  IDLE = 'IDLE',
  SYNCING = 'SYNCING',
  OK = 'OK',
  ERROR = 'ERROR',
}

registerEnumType(SyncStatus, { name: 'SyncStatus' });
