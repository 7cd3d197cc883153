import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { ForbiddenError } from '@/common/errors/domain-errors';
import { TenantRepository, TenantScope } from '@/database/tenant-scope';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { AuditService } from '@/modules/audit/audit.service';
import { CalendarConnection } from './calendar-connection.entity';
import { CalendarEvent, StoredAttendee } from './calendar-event.entity';
import { CalendarMemberRepository } from './calendar-member.repository';
import { AttendeeResponse, EventSource } from './calendar.enums';
import { SyncStatus } from '@/common/enums/sync-status';
import { AttendeeInput, CreateEventInput, UpdateEventInput } from './dto/event.inputs';
import { checkRecurrence, invalid, normaliseTimes } from './event-rules';
import { isInstanceStart } from './recurrence';

function snapshot(event: CalendarEvent): Record<string, unknown> {
  return {
    title: event.title,
    description: event.description,
    location: event.location,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    allDay: event.allDay,
    timezone: event.timezone,
    recurrence: event.recurrence,
    exdates: event.exdates.map((date) => date.toISOString()),
    attendees: event.attendeeList.map((attendee) => attendee.email),
  };
}

/**
 * Changes to events, each in one transaction with its audit entry and, when
 * the event lives in a connected Google Calendar, a `push-event` job through
 * the outbox (the worker sends the change to Google).
 *
 * Any holder of `calendar:write` may edit any event of the organization: the
 * calendar is shared like the task board.
 */
@Injectable()
export class CalendarEventCommandsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly members: CalendarMemberRepository,
  ) {}

  async create(viewer: Viewer, input: CreateEventInput): Promise<CalendarEvent> {
    return this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      const scope = this.tenants.for(viewer, manager);
      const zone = input.timezone ?? (await this.zoneOf(manager, viewer.userId)) ?? 'UTC';
      const times = normaliseTimes({
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        allDay: input.allDay ?? false,
        timezone: zone,
      });
      const recurrence = input.recurrence ? checkRecurrence(input.recurrence) : null;
      const connection = viewer.userId
        ? await scope.repository(CalendarConnection).findOneBy({ userId: viewer.userId })
        : null;
      const events = scope.repository(CalendarEvent);
      const event = await events.save(
        events.create({
          title: input.title,
          description: input.description ?? null,
          location: input.location ?? null,
          ...times,
          recurrence,
          exdates: [],
          organizerId: viewer.userId,
          attendeeList: await this.attendees(manager, viewer, input.attendees ?? [], []),
          source: EventSource.LOCAL,
          connectionId: connection && connection.status !== SyncStatus.ERROR ? connection.id : null,
          pendingPush: Boolean(connection && connection.status !== SyncStatus.ERROR),
        }),
      );
      await this.recorded(transaction, viewer, 'calendar_event.created', null, event);
      return event;
    });
  }

  /**
   * Updates the event, or with `occurrenceStartsAt` only that instance of a
   * recurring event (creating or editing its override row).
   */
  async update(
    viewer: Viewer,
    id: string,
    input: UpdateEventInput,
    occurrenceStartsAt?: Date | null,
  ): Promise<CalendarEvent> {
    return this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      const events = this.tenants.for(viewer, manager).repository(CalendarEvent);
      let event = await events.get(id, 'CalendarEvent', 'pessimistic_write');
      await this.assertMayChange(manager, viewer, event);
      if (occurrenceStartsAt) {
        if (input.recurrence !== undefined) {
          throw invalid('input.recurrence', 'an instance of a recurring event has no recurrence');
        }
        event = await this.overrideFor(events, event, occurrenceStartsAt);
      }
      const before = event.id ? snapshot(event) : null;
      if (input.title !== undefined) event.title = input.title;
      if (input.description !== undefined) event.description = input.description;
      if (input.location !== undefined) event.location = input.location;
      if (input.recurrence !== undefined) {
        if (event.recurringEventId) {
          throw invalid('input.recurrence', 'an instance of a recurring event has no recurrence');
        }
        event.recurrence = input.recurrence ? checkRecurrence(input.recurrence) : null;
        if (!event.recurrence) {
          // No longer a series: its exceptions go with it.
          event.exdates = [];
          const overrides = await events.find({ recurringEventId: event.id });
          if (overrides.length > 0) await manager.softRemove(overrides);
        }
      }
      const times = normaliseTimes({
        startsAt: input.startsAt ?? event.startsAt,
        endsAt: input.endsAt ?? event.endsAt,
        allDay: input.allDay ?? event.allDay,
        timezone: input.timezone ?? event.timezone,
      });
      Object.assign(event, times);
      if (input.attendees !== undefined) {
        event.attendeeList = await this.attendees(
          manager,
          viewer,
          input.attendees,
          event.attendeeList,
        );
      }
      event.pendingPush = event.connectionId !== null;
      const saved = await events.save(event);
      await this.recorded(transaction, viewer, 'calendar_event.updated', before, saved);
      return saved;
    });
  }

  /**
   * Deletes the event (a recurring one with all its instances), or with
   * `occurrenceStartsAt` only that instance (an EXDATE on the series).
   * Deleting an override row deletes the instance it stands for.
   */
  async delete(viewer: Viewer, id: string, occurrenceStartsAt?: Date | null): Promise<boolean> {
    return this.transactions.run(async (transaction) => {
      const events = this.tenants.for(viewer, transaction.manager).repository(CalendarEvent);
      const event = await events.get(id, 'CalendarEvent', 'pessimistic_write');
      await this.assertMayChange(transaction.manager, viewer, event);
      let master: CalendarEvent | null = null;
      let original: Date | null = null;
      if (occurrenceStartsAt) {
        if (!event.recurrence) {
          throw invalid('occurrenceStartsAt', 'the event does not recur');
        }
        if (!isInstanceStart(event, occurrenceStartsAt)) {
          throw invalid('occurrenceStartsAt', 'not the start of an instance of this event');
        }
        master = event;
        original = occurrenceStartsAt;
      } else if (event.recurringEventId && event.originalStartsAt) {
        master = await events.findOneBy({ id: event.recurringEventId });
        original = event.originalStartsAt;
      }
      if (master && original) {
        const before = snapshot(master);
        const at = original.getTime();
        if (!master.exdates.some((date) => date.getTime() === at)) {
          master.exdates = [...master.exdates, original].sort((a, b) => a.getTime() - b.getTime());
        }
        // The instance's override row, if it had one, goes with it.
        const gone = await events.find({ recurringEventId: master.id, originalStartsAt: original });
        if (gone.length > 0) await transaction.manager.softRemove(gone);
        master.pendingPush = master.connectionId !== null;
        const saved = await events.save(master);
        await this.recorded(transaction, viewer, 'calendar_event.instance_deleted', before, saved);
        return true;
      }
      const before = snapshot(event);
      const overrides = await events.find({ recurringEventId: event.id });
      const now = new Date();
      for (const row of [event, ...overrides]) row.deletedAt = now;
      await transaction.manager.save([event, ...overrides]);
      await this.recorded(transaction, viewer, 'calendar_event.deleted', before, null, event);
      return true;
    });
  }

  /**
   * An event synced from a member's Google calendar is pushed back with that
   * member's token: only they (the connection's owner) or the event's
   * organizer may change or delete it. Local events follow the role rules.
   */
  private async assertMayChange(
    manager: EntityManager,
    viewer: Viewer,
    event: CalendarEvent,
  ): Promise<void> {
    if (event.connectionId === null) return;
    if (viewer.userId && viewer.userId === event.organizerId) return;
    const connection = await this.tenants
      .for(viewer, manager)
      .repository(CalendarConnection)
      .findOneBy({ id: event.connectionId });
    if (viewer.userId && connection?.userId === viewer.userId) return;
    throw new ForbiddenError(
      "This event comes from another member's Google calendar: only they or its organizer can change it",
    );
  }

  /** The override row of one instance (a new, unsaved one when it has none yet). */
  private async overrideFor(
    events: TenantRepository<CalendarEvent>,
    master: CalendarEvent,
    occurrenceStartsAt: Date,
  ): Promise<CalendarEvent> {
    if (master.recurringEventId) {
      throw invalid('occurrenceStartsAt', 'give the id of the recurring event, not of an instance');
    }
    if (!master.recurrence) throw invalid('occurrenceStartsAt', 'the event does not recur');
    const existing = await events.findOneBy({
      recurringEventId: master.id,
      originalStartsAt: occurrenceStartsAt,
    });
    if (existing) return existing;
    const isExcluded = master.exdates.some((d) => d.getTime() === occurrenceStartsAt.getTime());
    if (isExcluded || !isInstanceStart(master, occurrenceStartsAt)) {
      throw invalid('occurrenceStartsAt', 'not the start of an instance of this event');
    }
    const duration = master.endsAt.getTime() - master.startsAt.getTime();
    return events.create({
      title: master.title,
      description: master.description,
      location: master.location,
      startsAt: occurrenceStartsAt,
      endsAt: new Date(occurrenceStartsAt.getTime() + duration),
      allDay: master.allDay,
      timezone: master.timezone,
      recurrence: null,
      exdates: [],
      recurringEventId: master.id,
      originalStartsAt: occurrenceStartsAt,
      organizerId: master.organizerId,
      attendeeList: master.attendeeList.map((attendee) => ({ ...attendee })),
      source: master.source,
      connectionId: master.connectionId,
    });
  }

  private async zoneOf(manager: EntityManager, userId: string | null): Promise<string | null> {
    if (!userId) return null;
    return this.members.timezoneOf(manager, userId);
  }

  /** Attendees deduplicated by email, linked to members, keeping known responses. */
  private async attendees(
    manager: EntityManager,
    viewer: Viewer,
    input: AttendeeInput[],
    previous: StoredAttendee[],
  ): Promise<StoredAttendee[]> {
    const byEmail = new Map<string, AttendeeInput>();
    for (const attendee of input) byEmail.set(attendee.email.trim().toLowerCase(), attendee);
    if (byEmail.size === 0) return [];
    const members = await this.members.idsByEmail(manager, viewer.organizationId, [
      ...byEmail.keys(),
    ]);
    const known = new Map(previous.map((attendee) => [attendee.email, attendee]));
    return [...byEmail.entries()].map(([email, attendee]) => {
      const userId = members.get(email) ?? null;
      return {
        email,
        name: attendee.name ?? known.get(email)?.name ?? null,
        userId,
        response:
          known.get(email)?.response ??
          (userId && userId === viewer.userId
            ? AttendeeResponse.ACCEPTED
            : AttendeeResponse.NEEDS_ACTION),
      };
    });
  }

  private async recorded(
    transaction: Transaction,
    viewer: Viewer,
    action: string,
    before: Record<string, unknown> | null,
    after: CalendarEvent | null,
    subject?: CalendarEvent,
  ): Promise<void> {
    const event = (after ?? subject)!;
    await this.audit.record(transaction.manager, viewer, {
      action,
      entityType: 'CalendarEvent',
      entityId: event.id,
      before,
      after: after ? snapshot(after) : null,
    });
    await enqueuePush(this.outbox, transaction, event);
  }
}

/** Queues a push of the event (or its series, for an override) when it lives in a connected calendar. */
export async function enqueuePush(
  outbox: OutboxService,
  transaction: Transaction,
  event: CalendarEvent,
): Promise<void> {
  if (!event.connectionId) return;
  await outbox.enqueueJob(transaction, event.organizationId, {
    queue: 'calendar-sync',
    name: 'push-event',
    payload: {
      organizationId: event.organizationId,
      eventId: event.id,
      connectionId: event.connectionId,
    },
  });
}
