import { Injectable, Logger } from '@nestjs/common';
import { SyncStatus } from '@/common/enums/sync-status';
import { RECONNECT_REQUIRED } from '../calendar.enums';
import { classifyGoogleError } from '../google/google-calendar.client';
import { CalendarConnectionLock } from './calendar-connection-lock.service';
import { CalendarPullService } from './calendar-pull.service';
import { CalendarPushService } from './calendar-push.service';
import { SyncConnectionStateService, SyncResult } from './sync-connection-state.service';

/**
 * A connection's sync (the `sync-connection` job): pull Google's changes
 * (CalendarPullService), then push whatever local change Google has not
 * received (CalendarPushService), holding the connection's lock throughout.
 *
 * Failures: 401 or `invalid_grant` marks the connection ERROR ("reconnect
 * required"), removes its schedule and fails the job without retries; 429,
 * 5xx and network errors are thrown for BullMQ to retry with exponential
 * backoff. Sync and push of one connection never overlap (advisory lock).
 */
@Injectable()
export class CalendarSyncService {
  private readonly logger = new Logger(CalendarSyncService.name);

  constructor(
    private readonly lock: CalendarConnectionLock,
    private readonly state: SyncConnectionStateService,
    private readonly puller: CalendarPullService,
    private readonly pusher: CalendarPushService,
  ) {}

  async sync(connectionId: string): Promise<SyncResult> {
    return this.lock.exclusive(connectionId, async () => {
      const connection = await this.state.load(connectionId);
      if (!connection) return { skipped: 'connection is gone' };
      if (connection.status === SyncStatus.ERROR) return { skipped: RECONNECT_REQUIRED };
      const previousStatus = connection.status;
      await this.state.setState(connection.id, { status: SyncStatus.SYNCING });
      try {
        const api = this.state.api(connection);
        let result: SyncResult & { nextSyncToken: string | null };
        try {
          result = await this.puller.pull(connection, api, connection.syncToken);
        } catch (error) {
          if (!connection.syncToken || classifyGoogleError(error) !== 'gone') throw error;
          this.logger.log(`sync token of ${connection.id} expired (410): full resync`);
          await this.state.setState(connection.id, { syncToken: null });
          result = await this.puller.pull(connection, api, null);
        }
        await this.pusher.pushPending(connection, api);
        await this.state.setState(connection.id, {
          status: SyncStatus.OK,
          syncToken: result.nextSyncToken,
          lastSyncedAt: new Date(),
          lastError: null,
        });
        return { full: result.full, pulled: result.pulled, removed: result.removed };
      } catch (error) {
        await this.state.failed(connection, error, previousStatus);
        throw error;
      }
    });
  }
}
