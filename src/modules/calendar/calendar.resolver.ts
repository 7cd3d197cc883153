import {
  Args,
  Context,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { CurrentViewer, RequirePermission, RequireUser } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { DataLoaderRegistry } from '@/graphql/dataloader/dataloader-registry';
import { Loaders } from '@/graphql/dataloader/loaders.decorator';
import { User } from '@/modules/users/user.entity';
import { userLoader } from '@/modules/users/users.loader';
import { BadUserInputError } from '@/common/errors/domain-errors';
import type { GraphQLContext } from '@/graphql/graphql-context';
import { UsersService } from '@/modules/users/users.service';
import { CalendarConnection } from './calendar-connection.entity';
import { CalendarEventCommandsService } from './calendar-event-commands.service';
import { CalendarEvent } from './calendar-event.entity';
import { CalendarQueriesService } from './calendar-queries.service';
import { Attendee, EventOccurrence, GoogleAuthorization, TimeSlot } from './calendar-types';
import { AvailabilityInput, CreateEventInput, UpdateEventInput } from './dto/event.inputs';
import { GoogleConnectionsService } from './google/google-connections.service';

const OCCURRENCE_DESCRIPTION =
  'The original start of one instance of a recurring event: act on that instance only.';

@Resolver(() => CalendarEvent)
export class CalendarResolver {
  constructor(
    private readonly queries: CalendarQueriesService,
    private readonly commands: CalendarEventCommandsService,
    private readonly connections: GoogleConnectionsService,
    private readonly users: UsersService,
  ) {}

  @Query(() => CalendarEvent, {
    nullable: true,
    description: 'Null when no live event of the active organization has this id.',
  })
  @RequirePermission('calendar:read')
  event(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<CalendarEvent | null> {
    return this.queries.get(viewer, id);
  }

  @Query(() => [EventOccurrence], {
    description:
      'Occurrences in [from, to) (at most 366 days), recurring events expanded, ordered by start. With userIds: events those members organize or attend.',
  })
  @RequirePermission('calendar:read')
  events(
    @CurrentViewer() viewer: Viewer,
    @Args('from', { type: () => Date }) from: Date,
    @Args('to', { type: () => Date }) to: Date,
    @Args('userIds', { type: () => [ID], nullable: true }) userIds?: string[] | null,
  ): Promise<EventOccurrence[]> {
    return this.queries.events(viewer, from, to, userIds);
  }

  @Query(() => [TimeSlot], {
    description:
      "Free stretches of at least durationMinutes common to all users, inside each one's working hours in their own time zone (default 09:00-17:00, every day).",
  })
  @RequirePermission('calendar:read')
  availability(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: AvailabilityInput,
  ): Promise<TimeSlot[]> {
    return this.queries.availability(viewer, input);
  }

  @Query(() => [CalendarConnection])
  @RequirePermission('calendar:read')
  calendarConnections(@CurrentViewer() viewer: Viewer): Promise<CalendarConnection[]> {
    return this.queries.connections(viewer);
  }

  @Mutation(() => CalendarEvent)
  @RequirePermission('calendar:write')
  createEvent(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateEventInput,
  ): Promise<CalendarEvent> {
    return this.commands.create(viewer, input);
  }

  @Mutation(() => CalendarEvent)
  @RequirePermission('calendar:write')
  updateEvent(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateEventInput,
    @Args('occurrenceStartsAt', {
      type: () => Date,
      nullable: true,
      description: `${OCCURRENCE_DESCRIPTION} The instance becomes an override row (a moved or edited instance).`,
    })
    occurrenceStartsAt?: Date | null,
  ): Promise<CalendarEvent> {
    return this.commands.update(viewer, id, input, occurrenceStartsAt);
  }

  @Mutation(() => Boolean)
  @RequirePermission('calendar:write')
  deleteEvent(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('occurrenceStartsAt', {
      type: () => Date,
      nullable: true,
      description: `${OCCURRENCE_DESCRIPTION} The instance is excluded (EXDATE).`,
    })
    occurrenceStartsAt?: Date | null,
  ): Promise<boolean> {
    return this.commands.delete(viewer, id, occurrenceStartsAt);
  }

  @Mutation(() => GoogleAuthorization, {
    description:
      "The Google consent URL for the caller's own calendar (valid 10 minutes, once). Over HTTP only: the answer sets an HttpOnly cookie (`sb_google_oauth`) the same browser must carry back to the callback.",
  })
  @RequirePermission('calendar:write')
  @RequireUser()
  connectGoogleCalendar(
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
  ): GoogleAuthorization {
    if (!context.res) {
      throw new BadUserInputError('connectGoogleCalendar must be called over HTTP, not a socket');
    }
    const { url, nonce } = this.connections.connectUrl(viewer);
    context.res.append('Set-Cookie', this.connections.stateCookie(nonce));
    return { url };
  }

  @Mutation(() => CalendarConnection, { description: 'Queues a sync now.' })
  @RequirePermission('calendar:write')
  syncCalendar(
    @CurrentViewer() viewer: Viewer,
    @Args('connectionId', { type: () => ID }) connectionId: string,
  ): Promise<CalendarConnection> {
    return this.connections.requestSync(viewer, connectionId);
  }

  @Mutation(() => Boolean, { description: 'Revokes the tokens at Google and deletes them.' })
  @RequirePermission('calendar:write')
  disconnectCalendar(
    @CurrentViewer() viewer: Viewer,
    @Args('connectionId', { type: () => ID }) connectionId: string,
  ): Promise<boolean> {
    return this.connections.disconnect(viewer, connectionId);
  }

  @ResolveField(() => Date)
  updatedAt(@Parent() event: CalendarEvent): Date {
    return event.updatedAt;
  }

  @ResolveField(() => User, { nullable: true })
  organizer(
    @Parent() event: CalendarEvent,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<User | null> | null {
    return event.organizerId ? userLoader(loaders, this.users).load(event.organizerId) : null;
  }

  @ResolveField(() => [Attendee])
  attendees(@Parent() event: CalendarEvent): Attendee[] {
    return event.attendeeList.map((attendee) => ({ ...attendee }));
  }
}

@Resolver(() => Attendee)
export class AttendeeResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User, { nullable: true })
  user(
    @Parent() attendee: Attendee,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<User | null> | null {
    return attendee.userId ? userLoader(loaders, this.users).load(attendee.userId) : null;
  }
}
