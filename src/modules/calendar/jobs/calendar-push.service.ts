import { Injectable } from '@nestjs/common';
import { calendar_v3 } from 'googleapis';
import { SyncStatus } from '@/common/enums/sync-status';
import { TransactionService } from '@/database/transaction.service';
import { CalendarConnection } from '../calendar-connection.entity';
import { CalendarEvent } from '../calendar-event.entity';
import { CalendarEventRepository } from '../calendar-event.repository';
import { RECONNECT_REQUIRED } from '../calendar.enums';
import { classifyGoogleError, statusOf } from '../google/google-calendar.client';
import { CalendarConnectionLock } from './calendar-connection-lock.service';
import { CalendarPullService } from './calendar-pull.service';
import { instanceId, toGoogle } from './google-mapping';
import { SyncConnectionStateService, SyncResult } from './sync-connection-state.service';

/**
 * Push (us → Google). Local creates, updates and deletes queue `push-event`
 * through the outbox; the worker inserts, patches (with If-Match on the
 * stored etag) or deletes at Google and stores Google's id, etag and
 * `updated`. A push whose etag no longer matches (412) reads Google's copy
 * and keeps whichever was changed last. A remote deletion always wins.
 */
@Injectable()
export class CalendarPushService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly events: CalendarEventRepository,
    private readonly lock: CalendarConnectionLock,
    private readonly state: SyncConnectionStateService,
    private readonly pull: CalendarPullService,
  ) {}

  /** Sends one local change to Google. */
  async push(eventId: string, connectionId: string): Promise<SyncResult> {
    return this.lock.exclusive(connectionId, async () => {
      const connection = await this.state.load(connectionId);
      if (!connection) return { skipped: 'connection is gone' };
      if (connection.status === SyncStatus.ERROR) return { skipped: RECONNECT_REQUIRED };
      const event = await this.events.findInConnection(
        connection.organizationId,
        connection.id,
        eventId,
      );
      if (!event) return { skipped: 'event is gone' };
      try {
        const api = this.state.api(connection);
        if (event.deletedAt) {
          await this.pushDeletion(api, connection, event);
          return {};
        }
        if (!event.pendingPush) return { skipped: 'nothing to push' };
        await this.pushChange(api, connection, event);
        if (!event.recurringEventId) await this.events.purgeDeletedOverrides(event);
        return {};
      } catch (error) {
        await this.state.failed(connection, error, connection.status);
        throw error;
      }
    });
  }

  /**
   * Pushes every local change of the connection Google has not received
   * (series before their instances): a push job that ran out of retries, or
   * was refused while the connection was busy, is caught up by the next sync.
   * The caller holds the connection's lock.
   */
  async pushPending(connection: CalendarConnection, api: calendar_v3.Calendar): Promise<void> {
    const pending = await this.events.pendingPushes(connection.organizationId, connection.id);
    for (const event of pending) {
      const current = await this.events.findWithDeleted(connection.organizationId, event.id);
      if (!current) continue; // removed with its series
      if (current.deletedAt) await this.pushDeletion(api, connection, current);
      else if (current.pendingPush) await this.pushChange(api, connection, current);
    }
  }

  private async pushDeletion(
    api: calendar_v3.Calendar,
    connection: CalendarConnection,
    event: CalendarEvent,
  ): Promise<void> {
    if (event.externalId && !event.recurringEventId) {
      try {
        await api.events.delete({ calendarId: connection.calendarId, eventId: event.externalId });
      } catch (error) {
        const kind = classifyGoogleError(error);
        if (kind !== 'not-found' && kind !== 'gone') throw error;
      }
    }
    await this.events.removeWithOverrides(event);
  }

  private async pushChange(
    api: calendar_v3.Calendar,
    connection: CalendarConnection,
    event: CalendarEvent,
  ): Promise<void> {
    const body = toGoogle(event);
    let externalId = event.externalId;
    if (event.recurringEventId && !externalId) {
      const master = await this.events.findOne(event.organizationId, event.recurringEventId);
      if (!master?.externalId) {
        // The series has not reached Google yet: its own push comes first; retry later.
        throw new Error('the recurring event has not been pushed yet');
      }
      externalId = instanceId(
        master.externalId,
        event.originalStartsAt!,
        event.allDay,
        event.timezone,
      );
    }
    let saved: calendar_v3.Schema$Event;
    if (!externalId) {
      // Our id as Google's (UUID hex is valid base32hex): a retried insert cannot duplicate.
      const id = event.id.replace(/-/g, '');
      try {
        saved = (
          await api.events.insert({
            calendarId: connection.calendarId,
            requestBody: { ...body, id },
          })
        ).data;
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
        saved = (
          await api.events.patch({
            calendarId: connection.calendarId,
            eventId: id,
            requestBody: body,
          })
        ).data;
      }
    } else {
      try {
        saved = (
          await api.events.patch(
            { calendarId: connection.calendarId, eventId: externalId, requestBody: body },
            event.etag && event.externalId ? { headers: { 'If-Match': event.etag } } : {},
          )
        ).data;
      } catch (error) {
        const kind = classifyGoogleError(error);
        if (kind === 'not-found' || kind === 'gone') {
          // Deleted at Google: a remote deletion wins.
          await this.events.removeWithOverrides(event);
          return;
        }
        if (kind !== 'precondition') throw error;
        const remote = (
          await api.events.get({ calendarId: connection.calendarId, eventId: externalId })
        ).data;
        const remoteUpdated = remote.updated ? new Date(remote.updated) : new Date(0);
        if (remoteUpdated > event.updatedAt) {
          // Google's copy is newer: it wins; the next pull brings it in.
          await this.transactions.run(async ({ manager }) => {
            await this.pull.applyRemote(
              manager,
              connection,
              remote,
              remote.start?.timeZone ?? 'UTC',
            );
            await this.events.clearPendingPush(manager, event);
          });
          return;
        }
        saved = (
          await api.events.patch({
            calendarId: connection.calendarId,
            eventId: externalId,
            requestBody: body,
          })
        ).data;
      }
    }
    await this.events.markPushed(event, {
      externalId: saved.id ?? externalId,
      etag: saved.etag ?? null,
      remoteUpdatedAt: saved.updated ? new Date(saved.updated) : null,
    });
  }
}
