import { Field, ObjectType } from '@nestjs/graphql';
import { Column, DeleteDateColumn, Entity, Index, Unique } from 'typeorm';
import { References, SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { AttendeeResponse, EventSource } from './calendar.enums';

/** One attendee as stored on the event (jsonb); `userId` when the email is a member's. */
export interface StoredAttendee {
  email: string;
  name: string | null;
  userId: string | null;
  response: AttendeeResponse;
}

/**
 * A calendar event. A recurring event (a "master") carries an RRULE and the
 * original starts of its deleted instances (`exdates`). A moved or edited
 * instance is an override row: `recurringEventId` names the master and
 * `originalStartsAt` the instance it replaces; `cancelled` overrides (from
 * Google) delete that instance. Times are instants (timestamptz); `timezone`
 * is the IANA zone the event's wall-clock times and its recurrence live in.
 * All-day events start and end at midnight of their dates in that zone (end
 * exclusive).
 *
 * Deleting soft-deletes (`deletedAt`) so the sync worker can still tell
 * Google; the worker removes the row once Google has it.
 */
@ObjectType('CalendarEvent')
@Entity('calendar_event')
@Index('calendar_event_organization_starts_idx', ['organizationId', 'startsAt'])
@Index('calendar_event_connection_external_unique', ['connectionId', 'externalId'], {
  unique: true,
  where: '"external_id" IS NOT NULL',
})
@Unique('calendar_event_organization_id_key', ['organizationId', 'id'])
export class CalendarEvent extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Field()
  @Column({ type: 'boolean', default: false })
  allDay: boolean;

  @Field()
  @Column({ type: 'text', default: 'UTC' })
  timezone: string;

  @Field(() => String, {
    nullable: true,
    description: 'RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,WE',
  })
  @Column({ type: 'text', nullable: true })
  recurrence: string | null;

  /** Original starts of deleted instances of a recurring event (EXDATE). */
  @Column({ type: 'timestamptz', array: true, default: () => "'{}'" })
  exdates: Date[];

  /** For an override row: the recurring event it belongs to. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  recurringEventId: string | null;

  /** For an override row: the start the instance had before it was moved. */
  @Column({ type: 'timestamptz', nullable: true })
  originalStartsAt: Date | null;

  /** An override that deletes its instance (Google's cancelled exception). */
  @Column({ type: 'boolean', default: false })
  cancelled: boolean;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  organizerId: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attendeeList: StoredAttendee[];

  @Field(() => EventSource)
  @Column({ type: 'enum', enum: EventSource, enumName: 'event_source', default: EventSource.LOCAL })
  source: EventSource;

  /** The Google Calendar connection this event lives in (pulled from, or pushed to). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  connectionId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  /** For a Google exception: its master's Google id, resolved to `recurringEventId` after a sync. */
  @Column({ type: 'text', nullable: true })
  externalRecurringId: string | null;

  @Column({ type: 'text', nullable: true })
  etag: string | null;

  /** Google's `updated` of the copy we last saw or wrote (conflict resolution: newest wins). */
  @Column({ type: 'timestamptz', nullable: true })
  remoteUpdatedAt: Date | null;

  /** A local change Google has not received yet (cleared by the push, or by a newer remote copy). */
  @Column({ type: 'boolean', default: false })
  pendingPush: boolean;

  @DeleteDateColumn({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @SameOrganization('CalendarEvent', 'recurring_event_id', 'CASCADE')
  readonly seriesFk?: never;

  @References('User', 'organizer_id', 'SET NULL')
  readonly organizerFk?: never;

  @SameOrganization('CalendarConnection', 'connection_id', 'SET NULL')
  readonly connectionFk?: never;
}
