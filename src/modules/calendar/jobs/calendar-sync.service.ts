import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { calendar_v3 } from 'googleapis';
import { DataSource, EntityManager } from 'typeorm';
import { SecretBox } from '@/common/crypto/secret-box';
import { CalendarConnection } from '../calendar-connection.entity';
import { CalendarEvent } from '../calendar-event.entity';
import { membersByEmail } from '../calendar-event-commands.service';
import { EventSource, RECONNECT_REQUIRED } from '../calendar.enums';
import { SyncStatus } from '@/common/enums/sync-status';
import { CalendarSyncScheduler } from '../calendar-sync.scheduler';
import {
  classifyGoogleError,
  GoogleCalendarClient,
  statusOf,
} from '../google/google-calendar.client';
import { tokenContext } from '../google/google-connections.service';
import { fromGoogle, instanceId, instantOf, toGoogle } from './google-mapping';
import { isIanaZone } from '../recurrence';

const PAGE_SIZE = 250;

/** Another sync or push of the connection is running; the job is retried with backoff. */
export class ConnectionBusyError extends Error {
  constructor(connectionId: string) {
    super(`calendar connection ${connectionId} is busy with another sync or push`);
  }
}

export interface SyncResult {
  skipped?: string;
  full?: boolean;
  pulled?: number;
  removed?: number;
}

/**
 * The calendar-sync worker's logic.
 *
 * Pull: the first sync (and any after Google answers 410 Gone to a stale
 * syncToken) lists everything with `showDeleted`, page by page through
 * `pageToken`; later syncs pass the stored `syncToken` and get only changes.
 * Rows are matched on (connection, Google id), unique in the database, so a
 * repeated or resumed full sync updates in place and never duplicates; a full
 * sync also removes the connection's rows Google no longer has. Cancelled
 * events delete ours; a cancelled instance of a series becomes a cancelled
 * override row; exceptions (moved instances) become override rows linked to
 * their series by its Google id.
 *
 * Push: local creates, updates and deletes queue `push-event` through the
 * outbox; the worker inserts, patches (with If-Match on the stored etag) or
 * deletes at Google and stores Google's id, etag and `updated`.
 *
 * Conflicts, newest wins: a pulled copy whose `updated` is older than an
 * unpushed local edit (`pendingPush`, `updatedAt`) is ignored and the local
 * edit is pushed; a newer one overwrites the local edit (and cancels its
 * push). A push whose etag no longer matches (412) reads Google's copy and
 * keeps whichever was changed last. A remote deletion always wins.
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly google: GoogleCalendarClient,
    private readonly secrets: SecretBox,
    private readonly scheduler: CalendarSyncScheduler,
  ) {}

  private async load(connectionId: string): Promise<CalendarConnection | null> {
    return this.dataSource
      .getRepository(CalendarConnection)
      .createQueryBuilder('connection')
      .addSelect('connection.refreshTokenSealed')
      .where('connection.id = :id', { id: connectionId })
      .getOne();
  }

  /** Runs `work` holding the connection's advisory lock (session level, on its own connection). */
  private async exclusive<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Try, never wait: a waiting job would hold a pooled connection while the
      // holder may need one more. Busy means retry later (BullMQ backoff).
      const rows = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        `calendar:${connectionId}`,
      ])) as Array<{ locked: boolean }>;
      if (!rows[0]?.locked) throw new ConnectionBusyError(connectionId);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`calendar:${connectionId}`]);
      }
    } finally {
      await runner.release();
    }
  }

  private api(connection: CalendarConnection): calendar_v3.Calendar {
    if (!connection.refreshTokenSealed) throw new UnrecoverableError('connection has no token');
    return this.google.calendar(
      this.secrets.decrypt(connection.refreshTokenSealed, tokenContext(connection)),
    );
  }

  async sync(connectionId: string): Promise<SyncResult> {
    return this.exclusive(connectionId, async () => {
      const connection = await this.load(connectionId);
      if (!connection) return { skipped: 'connection is gone' };
      if (connection.status === SyncStatus.ERROR) return { skipped: RECONNECT_REQUIRED };
      const previousStatus = connection.status;
      await this.setState(connection.id, { status: SyncStatus.SYNCING });
      try {
        const api = this.api(connection);
        let result: SyncResult & { nextSyncToken: string | null };
        try {
          result = await this.pull(connection, api, connection.syncToken);
        } catch (error) {
          if (!connection.syncToken || classifyGoogleError(error) !== 'gone') throw error;
          this.logger.log(`sync token of ${connection.id} expired (410): full resync`);
          await this.setState(connection.id, { syncToken: null });
          result = await this.pull(connection, api, null);
        }
        await this.pushPending(connection, api);
        await this.setState(connection.id, {
          status: SyncStatus.OK,
          syncToken: result.nextSyncToken,
          lastSyncedAt: new Date(),
          lastError: null,
        });
        return { full: result.full, pulled: result.pulled, removed: result.removed };
      } catch (error) {
        await this.failed(connection, error, previousStatus);
        throw error;
      }
    });
  }

  private async pull(
    connection: CalendarConnection,
    api: calendar_v3.Calendar,
    syncToken: string | null,
  ): Promise<SyncResult & { nextSyncToken: string | null }> {
    const seen = new Set<string>();
    let pageToken: string | undefined;
    let nextSyncToken: string | null = null;
    let pulled = 0;
    do {
      const { data } = await api.events.list({
        calendarId: connection.calendarId,
        maxResults: PAGE_SIZE,
        showDeleted: true,
        singleEvents: false,
        ...(syncToken ? { syncToken } : {}),
        ...(pageToken ? { pageToken } : {}),
      });
      const items = data.items ?? [];
      await this.dataSource.transaction(async (manager) => {
        for (const item of items) {
          if (!item.id) continue;
          seen.add(item.id);
          await this.applyRemote(manager, connection, item, data.timeZone ?? 'UTC');
          pulled++;
        }
      });
      pageToken = data.nextPageToken ?? undefined;
      nextSyncToken = data.nextSyncToken ?? nextSyncToken;
    } while (pageToken);
    let removed = 0;
    await this.dataSource.transaction(async (manager) => {
      if (!syncToken) removed = await this.removeUnseen(manager, connection, seen);
      await this.linkExceptions(manager, connection);
    });
    return { full: !syncToken, pulled, removed, nextSyncToken };
  }

  private async applyRemote(
    manager: EntityManager,
    connection: CalendarConnection,
    item: calendar_v3.Schema$Event,
    calendarZone: string,
  ): Promise<void> {
    const repository = manager.getRepository(CalendarEvent);
    const existing = await repository.findOne({
      where: {
        organizationId: connection.organizationId,
        connectionId: connection.id,
        externalId: item.id!,
      },
      withDeleted: true,
    });
    // A local deletion not yet pushed wins: the push deletes Google's copy.
    if (existing?.deletedAt) return;
    const updated = item.updated ? new Date(item.updated) : null;

    if (item.status === 'cancelled') {
      if (item.recurringEventId && item.originalStartTime) {
        // A timed instance's original start is an instant; an all-day one's
        // is a date, midnight in the series' zone (the calendar's unless given).
        const zone = item.originalStartTime.timeZone ?? calendarZone;
        const originalStart = instantOf(
          item.originalStartTime,
          zone && isIanaZone(zone) ? zone : 'UTC',
        );
        if (!originalStart) return;
        const row =
          existing ??
          repository.create({
            organizationId: connection.organizationId,
            connectionId: connection.id,
            externalId: item.id!,
            source: EventSource.GOOGLE,
            title: '(cancelled instance)',
            organizerId: connection.userId,
            attendeeList: [],
            exdates: [],
            timezone: 'UTC',
          });
        Object.assign(row, {
          cancelled: true,
          externalRecurringId: item.recurringEventId,
          originalStartsAt: originalStart,
          startsAt: originalStart,
          endsAt: new Date(originalStart.getTime() + 1),
          etag: item.etag ?? null,
          remoteUpdatedAt: updated,
          pendingPush: false,
        });
        await repository.save(row);
      } else if (existing) {
        await this.removeWithOverrides(manager, existing);
      }
      return;
    }

    const mapped = fromGoogle(item, calendarZone);
    if (!mapped) return;
    if (existing) {
      if (existing.remoteUpdatedAt && updated && updated <= existing.remoteUpdatedAt) return;
      if (existing.pendingPush && updated && existing.updatedAt > updated) return; // local is newer
    }
    const emails = [
      ...mapped.attendees.map((attendee) => attendee.email),
      ...(mapped.organizerEmail ? [mapped.organizerEmail] : []),
    ];
    const members = await membersByEmail(manager, connection.organizationId, emails);
    const row =
      existing ??
      repository.create({
        organizationId: connection.organizationId,
        connectionId: connection.id,
        externalId: item.id!,
        source: EventSource.GOOGLE,
      });
    Object.assign(row, {
      title: mapped.title,
      description: mapped.description,
      location: mapped.location,
      startsAt: mapped.startsAt,
      endsAt: mapped.endsAt,
      allDay: mapped.allDay,
      timezone: mapped.timezone,
      recurrence: mapped.externalRecurringId ? null : mapped.recurrence,
      exdates: mapped.externalRecurringId ? [] : mapped.exdates,
      externalRecurringId: mapped.externalRecurringId,
      originalStartsAt: mapped.originalStartsAt,
      cancelled: false,
      organizerId:
        (mapped.organizerEmail ? members.get(mapped.organizerEmail) : undefined) ??
        connection.userId,
      attendeeList: mapped.attendees.map((attendee) => ({
        ...attendee,
        userId: members.get(attendee.email) ?? null,
      })),
      etag: mapped.etag,
      remoteUpdatedAt: mapped.remoteUpdatedAt,
      pendingPush: false,
    });
    await repository.save(row);
  }

  private async removeWithOverrides(manager: EntityManager, event: CalendarEvent): Promise<void> {
    await manager.delete(CalendarEvent, {
      organizationId: event.organizationId,
      recurringEventId: event.id,
    });
    await manager.delete(CalendarEvent, { organizationId: event.organizationId, id: event.id });
  }

  /** After a full listing: what Google no longer has is gone (unpushed local rows are kept). */
  private async removeUnseen(
    manager: EntityManager,
    connection: CalendarConnection,
    seen: ReadonlySet<string>,
  ): Promise<number> {
    // A DELETE answers [rows, rowCount] through TypeORM's postgres driver.
    const [removed] = await manager.query<[Array<{ id: string }>, number]>(
      `DELETE FROM calendar_event
        WHERE organization_id = $1 AND connection_id = $2 AND external_id IS NOT NULL
          AND deleted_at IS NULL AND NOT (external_id = ANY($3::text[]))
        RETURNING id`,
      [connection.organizationId, connection.id, [...seen]],
    );
    return removed.length;
  }

  /** Points Google exceptions at their series by its Google id. */
  private async linkExceptions(manager: EntityManager, connection: CalendarConnection) {
    await manager.query(
      `UPDATE calendar_event e SET recurring_event_id = m.id
         FROM calendar_event m
        WHERE e.organization_id = $1 AND e.connection_id = $2
          AND e.external_recurring_id IS NOT NULL
          AND m.organization_id = e.organization_id AND m.connection_id = e.connection_id
          AND m.external_id = e.external_recurring_id AND m.deleted_at IS NULL
          AND e.recurring_event_id IS DISTINCT FROM m.id`,
      [connection.organizationId, connection.id],
    );
  }

  /** Sends one local change to Google. */
  async push(eventId: string, connectionId: string): Promise<SyncResult> {
    return this.exclusive(connectionId, async () => {
      const connection = await this.load(connectionId);
      if (!connection) return { skipped: 'connection is gone' };
      if (connection.status === SyncStatus.ERROR) return { skipped: RECONNECT_REQUIRED };
      const repository = this.dataSource.getRepository(CalendarEvent);
      const event = await repository.findOne({
        where: {
          id: eventId,
          organizationId: connection.organizationId,
          connectionId: connection.id,
        },
        withDeleted: true,
      });
      if (!event) return { skipped: 'event is gone' };
      try {
        const api = this.api(connection);
        if (event.deletedAt) {
          await this.pushDeletion(api, connection, event);
          return {};
        }
        if (!event.pendingPush) return { skipped: 'nothing to push' };
        await this.pushChange(api, connection, event);
        if (!event.recurringEventId) await this.purgeDeletedOverrides(event);
        return {};
      } catch (error) {
        await this.failed(connection, error, connection.status);
        throw error;
      }
    });
  }

  /**
   * Pushes every local change of the connection Google has not received
   * (series before their instances): a push job that ran out of retries, or
   * was refused while the connection was busy, is caught up by the next sync.
   */
  private async pushPending(
    connection: CalendarConnection,
    api: calendar_v3.Calendar,
  ): Promise<void> {
    const pending = await this.dataSource
      .getRepository(CalendarEvent)
      .createQueryBuilder('event')
      .withDeleted()
      .where('event.organizationId = :organizationId AND event.connectionId = :connectionId', {
        organizationId: connection.organizationId,
        connectionId: connection.id,
      })
      .andWhere('(event.pendingPush = true OR event.deletedAt IS NOT NULL)')
      .orderBy('event.recurringEventId IS NOT NULL', 'ASC')
      .addOrderBy('event.updatedAt', 'ASC')
      .getMany();
    for (const event of pending) {
      const current = await this.dataSource
        .getRepository(CalendarEvent)
        .findOne({ where: { id: event.id }, withDeleted: true });
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
    await this.removeWithOverrides(this.dataSource.manager, event);
  }

  private async purgeDeletedOverrides(master: CalendarEvent): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM calendar_event WHERE organization_id = $1 AND recurring_event_id = $2
          AND deleted_at IS NOT NULL`,
      [master.organizationId, master.id],
    );
  }

  private async pushChange(
    api: calendar_v3.Calendar,
    connection: CalendarConnection,
    event: CalendarEvent,
  ): Promise<void> {
    const repository = this.dataSource.getRepository(CalendarEvent);
    const body = toGoogle(event);
    let externalId = event.externalId;
    if (event.recurringEventId && !externalId) {
      const master = await repository.findOneBy({
        id: event.recurringEventId,
        organizationId: event.organizationId,
      });
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
          await this.removeWithOverrides(this.dataSource.manager, event);
          return;
        }
        if (kind !== 'precondition') throw error;
        const remote = (
          await api.events.get({ calendarId: connection.calendarId, eventId: externalId })
        ).data;
        const remoteUpdated = remote.updated ? new Date(remote.updated) : new Date(0);
        if (remoteUpdated > event.updatedAt) {
          // Google's copy is newer: it wins; the next pull brings it in.
          await this.dataSource.transaction((manager) =>
            this.applyRemote(manager, connection, remote, remote.start?.timeZone ?? 'UTC').then(
              () => manager.update(CalendarEvent, { id: event.id }, { pendingPush: false }),
            ),
          );
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
    // Only what the push changed: a newer local edit (pendingPush set again) must not be cleared.
    await this.dataSource
      .createQueryBuilder()
      .update(CalendarEvent)
      .set({
        externalId: saved.id ?? externalId,
        etag: saved.etag ?? null,
        remoteUpdatedAt: saved.updated ? new Date(saved.updated) : null,
        // updated_at has microseconds, the loaded Date milliseconds.
        pendingPush: () =>
          `CASE WHEN date_trunc('milliseconds', updated_at) > :seen THEN pending_push ELSE false END`,
        updatedAt: () => 'updated_at',
      })
      .where('id = :id', { id: event.id, seen: event.updatedAt })
      .execute();
  }

  private async setState(
    connectionId: string,
    state: Partial<Pick<CalendarConnection, 'status' | 'syncToken' | 'lastSyncedAt' | 'lastError'>>,
  ): Promise<void> {
    await this.dataSource.getRepository(CalendarConnection).update({ id: connectionId }, state);
  }

  /**
   * Records a failure. A refused token is final: ERROR, "reconnect required",
   * no schedule, and an UnrecoverableError so BullMQ does not retry. Anything
   * else keeps the status and is retried with backoff.
   */
  private async failed(
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
