import { Injectable } from '@nestjs/common';
import { calendar_v3 } from 'googleapis';
import { EntityManager } from 'typeorm';
import { TransactionService } from '@/database/transaction.service';
import { CalendarConnection } from '../calendar-connection.entity';
import { CalendarEventRepository } from '../calendar-event.repository';
import { CalendarMemberRepository } from '../calendar-member.repository';
import { EventSource } from '../calendar.enums';
import { isIanaZone } from '../recurrence';
import { fromGoogle, instantOf } from './google-mapping';
import { SyncResult } from './sync-connection-state.service';

const PAGE_SIZE = 250;

/**
 * Pull (Google → us). The first sync (and any after Google answers 410 Gone
 * to a stale syncToken) lists everything with `showDeleted`, page by page
 * through `pageToken`; later syncs pass the stored `syncToken` and get only
 * changes. Rows are matched on (connection, Google id), unique in the
 * database, so a repeated or resumed full sync updates in place and never
 * duplicates; a full sync also removes the connection's rows Google no
 * longer has. Cancelled events delete ours; a cancelled instance of a series
 * becomes a cancelled override row; exceptions (moved instances) become
 * override rows linked to their series by its Google id.
 *
 * Newest wins: a pulled copy whose `updated` is older than an unpushed local
 * edit (`pendingPush`, `updatedAt`) is ignored; a newer one overwrites the
 * local edit (and cancels its push). A remote deletion always wins.
 */
@Injectable()
export class CalendarPullService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly events: CalendarEventRepository,
    private readonly members: CalendarMemberRepository,
  ) {}

  async pull(
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
      await this.transactions.run(async ({ manager }) => {
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
    await this.transactions.run(async ({ manager }) => {
      if (!syncToken) {
        removed = await this.events.removeUnseen(
          manager,
          connection.organizationId,
          connection.id,
          seen,
        );
      }
      await this.events.linkExceptions(manager, connection.organizationId, connection.id);
    });
    return { full: !syncToken, pulled, removed, nextSyncToken };
  }

  /** Stores one of Google's events (or its cancellation) in the connection's rows. */
  async applyRemote(
    manager: EntityManager,
    connection: CalendarConnection,
    item: calendar_v3.Schema$Event,
    calendarZone: string,
  ): Promise<void> {
    const existing = await this.events.findByExternalId(
      manager,
      connection.organizationId,
      connection.id,
      item.id!,
    );
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
          this.events.build(manager, {
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
        await this.events.save(manager, row);
      } else if (existing) {
        await this.events.removeWithOverrides(existing, manager);
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
    const members = await this.members.idsByEmail(manager, connection.organizationId, emails);
    const row =
      existing ??
      this.events.build(manager, {
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
    await this.events.save(manager, row);
  }
}
