import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { calendar_v3 } from 'googleapis';
import { SecretBox } from '@/common/crypto/secret-box';
import { SyncStatus } from '@/common/enums/sync-status';
import { CalendarConnection } from '../calendar-connection.entity';
import { CalendarConnectionRepository, ConnectionState } from '../calendar-connection.repository';
import { RECONNECT_REQUIRED } from '../calendar.enums';
import { CalendarSyncScheduler } from '../calendar-sync.scheduler';
import { classifyGoogleError, GoogleCalendarClient } from '../google/google-calendar.client';
import { tokenContext } from '../google/google-connections.service';

export interface SyncResult {
  skipped?: string;
  full?: boolean;
  pulled?: number;
  removed?: number;
}

/** What the pull and the push share about a connection: loading it, its Google client, its state. */
@Injectable()
export class SyncConnectionStateService {
  private readonly logger = new Logger(SyncConnectionStateService.name);

  constructor(
    private readonly connections: CalendarConnectionRepository,
    private readonly google: GoogleCalendarClient,
    private readonly secrets: SecretBox,
    private readonly scheduler: CalendarSyncScheduler,
  ) {}

  load(connectionId: string): Promise<CalendarConnection | null> {
    return this.connections.findWithToken(connectionId);
  }

  api(connection: CalendarConnection): calendar_v3.Calendar {
    if (!connection.refreshTokenSealed) throw new UnrecoverableError('connection has no token');
    return this.google.calendar(
      this.secrets.decrypt(connection.refreshTokenSealed, tokenContext(connection)),
    );
  }

  setState(connectionId: string, state: ConnectionState): Promise<void> {
    return this.connections.setState(connectionId, state);
  }

  /**
   * Records a failure. A refused token is final: ERROR, "reconnect required",
   * no schedule, and an UnrecoverableError so BullMQ does not retry. Anything
   * else keeps the status and is retried with backoff.
   */
  async failed(
    connection: CalendarConnection,
    error: unknown,
    previousStatus: SyncStatus,
  ): Promise<void> {
    const kind = classifyGoogleError(error);
    if (kind === 'auth' || error instanceof UnrecoverableError) {
      await this.setState(connection.id, {
        status: SyncStatus.ERROR,
        lastError: RECONNECT_REQUIRED,
      });
      await this.scheduler.unschedule(connection.id);
      this.logger.warn(
        `Google refused the token of connection ${connection.id}: reconnect required`,
      );
      throw new UnrecoverableError(RECONNECT_REQUIRED);
    }
    const message = (error as Error).message ?? String(error);
    await this.setState(connection.id, {
      status: previousStatus === SyncStatus.SYNCING ? SyncStatus.IDLE : previousStatus,
      lastError:
        `${kind === 'transient' ? 'temporary failure, retrying' : 'failed'}: ${message}`.slice(
          0,
          500,
        ),
    });
  }
}
