import { Field, ObjectType } from '@nestjs/graphql';
import { CalendarEvent } from './calendar-event.entity';
import { AttendeeResponse } from './calendar.enums';

@ObjectType('Attendee')
export class Attendee {
  @Field()
  email: string;

  @Field(() => String, { nullable: true })
  name: string | null;

  /** The member with this email, if any; `user` resolves it through the users loader. */
  userId: string | null;

  @Field(() => AttendeeResponse)
  response: AttendeeResponse;
}

@ObjectType('EventOccurrence', {
  description: 'One concrete instance of an event inside a queried range.',
})
export class EventOccurrence {
  @Field(() => CalendarEvent)
  event: CalendarEvent;

  @Field(() => Date)
  startsAt: Date;

  @Field(() => Date)
  endsAt: Date;
}

@ObjectType('TimeSlot')
export class TimeSlot {
  @Field(() => Date)
  startsAt: Date;

  @Field(() => Date)
  endsAt: Date;
}

@ObjectType('GoogleAuthorization')
export class GoogleAuthorization {
  @Field()
  url: string;
}
