import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Viewer } from '@/access/viewer';
import { BadUserInputError, NotFoundError } from '@/common/errors/domain-errors';
import { CalendarEvent } from '@/modules/calendar/calendar-event.entity';
import { CalendarEventCommandsService } from '@/modules/calendar/calendar-event-commands.service';
import { CalendarQueriesService } from '@/modules/calendar/calendar-queries.service';
import { EventOccurrence } from '@/modules/calendar/calendar-types';
import { AttendeeInput, MAX_ATTENDEES } from '@/modules/calendar/dto/event.inputs';
import { MembersService } from '@/modules/organizations/members.service';
import type { ToolContext } from '../assistant-types';
import { defineTool, ToolDefinition } from './tool-definition';
import { clip, id, instant, iso, localTime, toDate } from './tool-schemas';

/** Occurrences list_events answers at most (the rest: `truncated`). */
export const MAX_LISTED_OCCURRENCES = 100;
/** Free slots find_free_slots answers at most. */
export const MAX_LISTED_SLOTS = 50;

const title = z.string().trim().min(1).max(500);
const description = z.string().max(20_000);
const location = z.string().max(1000);
const timezone = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not an IANA time zone' },
  )
  .describe("IANA time zone, e.g. Europe/Berlin; the organizer's own when left out.");
const attendeeIds = z
  .array(id())
  .max(MAX_ATTENDEES)
  .describe('User ids of members to invite (find_members); the caller is the organizer.');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

function attendeesOutput(event: CalendarEvent) {
  return event.attendeeList.map((attendee) => ({
    email: attendee.email,
    name: attendee.name,
    userId: attendee.userId,
    response: attendee.response,
  }));
}

/** An event as tools answer it. */
export function eventOutput(event: CalendarEvent, timeZone: string) {
  return {
    id: event.id,
    title: event.title,
    startsAt: iso(event.startsAt),
    endsAt: iso(event.endsAt),
    startsAtLocal: localTime(event.startsAt, timeZone),
    allDay: event.allDay,
    timezone: event.timezone,
    location: event.location,
    description: clip(event.description),
    recurrence: event.recurrence,
    organizerId: event.organizerId,
    attendees: attendeesOutput(event),
  };
}

function occurrenceOutput(occurrence: EventOccurrence, timeZone: string) {
  const { event } = occurrence;
  return {
    eventId: event.id,
    title: event.title,
    startsAt: iso(occurrence.startsAt),
    endsAt: iso(occurrence.endsAt),
    startsAtLocal: localTime(occurrence.startsAt, timeZone),
    allDay: event.allDay,
    location: event.location,
    recurring: Boolean(event.recurrence || event.recurringEventId),
    organizerId: event.organizerId,
    attendees: attendeesOutput(event),
  };
}

/** Calendar: events, their occurrences and common free time (calendar:read / calendar:write). */
@Injectable()
export class CalendarTools {
  readonly tools: ToolDefinition[];

  constructor(
    private readonly commands: CalendarEventCommandsService,
    private readonly queries: CalendarQueriesService,
    private readonly members: MembersService,
  ) {
    this.tools = [
      this.listEvents(),
      this.createEvent(),
      this.updateEvent(),
      this.deleteEvent(),
      this.findFreeSlots(),
    ] as ToolDefinition[];
  }

  private async load(context: ToolContext, eventId: string): Promise<CalendarEvent> {
    const event = await this.queries.get(context.viewer, eventId);
    if (!event) throw new NotFoundError('CalendarEvent', eventId);
    return event;
  }

  /**
   * Members' user ids → attendees by email, as the GraphQL path takes them.
   * An id that is not a member of the caller's organization is the caller's
   * mistake, named by its index.
   */
  private async attendees(viewer: Viewer, userIds: string[]): Promise<AttendeeInput[]> {
    const unique = [...new Set(userIds)];
    const found = new Map(
      (await this.members.findMembers(viewer, { userIds: unique }, MAX_ATTENDEES)).map((member) => [
        member.userId,
        member,
      ]),
    );
    const missing = userIds
      .map((userId, index) => ({ userId, index }))
      .filter(({ userId }) => !found.has(userId));
    if (missing.length > 0) {
      throw BadUserInputError.forFields(
        missing.slice(0, 20).map(({ index }) => ({
          path: `attendeeIds[${index}]`,
          message: 'not a member of this organization',
        })),
      );
    }
    return unique.map((userId) => {
      const member = found.get(userId)!;
      return { email: member.email, name: member.name };
    });
  }

  private listEvents() {
    return defineTool({
      name: 'list_events',
      title: 'List calendar events',
      description:
        'Lists calendar occurrences in [from, to) (recurring events expanded, at most 366 days), optionally only ' +
        'those that the given members (user ids from find_members) organize or attend. Each has the eventId ' +
        'that update_event and delete_event take.',
      input: z
        .object({
          from: instant('Start of the range.'),
          to: instant('End of the range (exclusive).'),
          userIds: z
            .array(id())
            .min(1)
            .max(50)
            .describe('Only events of these members (find_members).')
            .optional(),
        })
        .strict(),
      permission: 'calendar:read',
      readOnly: true,
      destructive: false,
      run: async (context, input) => {
        const occurrences = await this.queries.events(
          context.viewer,
          toDate(input.from),
          toDate(input.to),
          input.userIds ?? null,
        );
        return {
          timeZone: context.timeZone,
          occurrences: occurrences
            .slice(0, MAX_LISTED_OCCURRENCES)
            .map((occurrence) => occurrenceOutput(occurrence, context.timeZone)),
          truncated: occurrences.length > MAX_LISTED_OCCURRENCES,
        };
      },
    });
  }

  private createEvent() {
    return defineTool({
      name: 'create_event',
      title: 'Create a calendar event',
      description:
        "Creates an event with the caller as organizer. attendeeIds are members' user ids (use find_members to " +
        'resolve people); recurrence is an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO. Use find_free_slots first ' +
        'to pick a time that suits everyone. Returns the event with its id.',
      input: z
        .object({
          title,
          startsAt: instant(),
          endsAt: instant('After startsAt. All-day: the day after the last day.'),
          description: description.optional(),
          location: location.optional(),
          allDay: z.boolean().optional(),
          timezone: timezone.optional(),
          recurrence: z.string().trim().min(1).max(500).optional(),
          attendeeIds: attendeeIds.optional(),
        })
        .strict(),
      permission: 'calendar:write',
      readOnly: false,
      destructive: false,
      run: async (context, input) => {
        const { attendeeIds: userIds, startsAt, endsAt, ...rest } = input;
        const attendees = userIds ? await this.attendees(context.viewer, userIds) : undefined;
        const event = await this.commands.create(context.viewer, {
          ...rest,
          startsAt: toDate(startsAt),
          endsAt: toDate(endsAt),
          ...(attendees ? { attendees } : {}),
        });
        return eventOutput(event, context.timeZone);
      },
    });
  }

  private updateEvent() {
    return defineTool({
      name: 'update_event',
      title: 'Change a calendar event',
      description:
        'Changes the given fields of an event (eventId from list_events); for a recurring event this changes the ' +
        "whole series. attendeeIds (members' user ids, find_members) replaces the attendee list. Null clears " +
        'description or location.',
      input: z
        .object({
          id: id('Event id (eventId from list_events).'),
          title: title.optional(),
          startsAt: instant().optional(),
          endsAt: instant().optional(),
          description: description.nullable().optional(),
          location: location.nullable().optional(),
          timezone: timezone.optional(),
          attendeeIds: attendeeIds.optional(),
        })
        .strict(),
      permission: 'calendar:write',
      readOnly: false,
      destructive: false,
      run: async (context, input) => {
        const { id: eventId, attendeeIds: userIds, startsAt, endsAt, ...rest } = input;
        const attendees = userIds ? await this.attendees(context.viewer, userIds) : undefined;
        const event = await this.commands.update(context.viewer, eventId, {
          ...rest,
          ...(startsAt ? { startsAt: toDate(startsAt) } : {}),
          ...(endsAt ? { endsAt: toDate(endsAt) } : {}),
          ...(attendees ? { attendees } : {}),
        });
        return eventOutput(event, context.timeZone);
      },
    });
  }

  private deleteEvent() {
    return defineTool({
      name: 'delete_event',
      title: 'Delete a calendar event',
      description:
        'Deletes an event (eventId from list_events); a recurring event goes with all its occurrences. ' +
        'Destructive: the caller is asked to confirm first.',
      input: z.object({ id: id('Event id (eventId from list_events).') }).strict(),
      permission: 'calendar:write',
      readOnly: false,
      destructive: true,
      summarize: async (context, input) => {
        const event = await this.load(context, input.id);
        if (event.recurrence) {
          return `Delete the recurring event "${event.title}" with all its occurrences?`;
        }
        return `Delete the event "${event.title}" on ${localTime(event.startsAt, context.timeZone)}?`;
      },
      run: async (context, input) => {
        const event = await this.load(context, input.id);
        await this.commands.delete(context.viewer, event.id);
        return { id: event.id, title: event.title, deleted: true };
      },
    });
  }

  private findFreeSlots() {
    return defineTool({
      name: 'find_free_slots',
      title: 'Find common free time',
      description:
        'Finds times in [from, to) (at most 31 days) when all the given members (user ids from find_members; ' +
        "include the caller's own id to meet them) are free for durationMinutes, within working hours " +
        "(default 09:00-17:00, in each member's own time zone). Returns slots as ISO instants and in the caller's time zone.",
      input: z
        .object({
          userIds: z.array(id()).min(1).max(50),
          from: instant(),
          to: instant(),
          durationMinutes: z.number().int().min(1).max(1440).default(30),
          workdayStart: clock.describe('Working day start, HH:MM (default 09:00).').optional(),
          workdayEnd: clock.describe('Working day end, HH:MM (default 17:00).').optional(),
        })
        .strict(),
      permission: 'calendar:read',
      readOnly: true,
      destructive: false,
      run: async (context, input) => {
        const slots = await this.queries.availability(context.viewer, {
          ...input,
          from: toDate(input.from),
          to: toDate(input.to),
        });
        return {
          timeZone: context.timeZone,
          slots: slots.slice(0, MAX_LISTED_SLOTS).map((slot) => ({
            startsAt: iso(slot.startsAt),
            endsAt: iso(slot.endsAt),
            startsAtLocal: localTime(slot.startsAt, context.timeZone),
            endsAtLocal: localTime(slot.endsAt, context.timeZone),
          })),
          truncated: slots.length > MAX_LISTED_SLOTS,
        };
      },
    });
  }
}
