import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const MAX_ATTENDEES = 200;

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** Given: validated; null is refused for a required field; absent: unchanged. */
const IfGiven = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

@InputType('AttendeeInput')
export class AttendeeInput {
  @Field()
  @Transform(trim)
  @IsEmail()
  @MaxLength(320)
  email: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string | null;
}

@InputType('CreateEventInput')
export class CreateEventInput {
  @Field({ description: '1 to 500 characters, trimmed.' })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  location?: string | null;

  @Field(() => Date, {
    description: 'For an all-day event, its date is taken in `timezone` and the time ignored.',
  })
  @IsDate()
  startsAt: Date;

  @Field(() => Date, { description: 'After startsAt. All-day: the day after the last day.' })
  @IsDate()
  endsAt: Date;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  allDay?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: "IANA time zone name; the organizer's own zone when omitted.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string | null;

  @Field(() => String, { nullable: true, description: 'RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  recurrence?: string | null;

  @Field(() => [AttendeeInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTENDEES)
  @ValidateNested({ each: true })
  @Type(() => AttendeeInput)
  attendees?: AttendeeInput[] | null;
}

@InputType('UpdateEventInput')
export class UpdateEventInput {
  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IfGiven()
  @IsString()
  @Length(1, 500)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  location?: string | null;

  @Field(() => Date, { nullable: true })
  @IfGiven()
  @IsDate()
  startsAt?: Date;

  @Field(() => Date, { nullable: true })
  @IfGiven()
  @IsDate()
  endsAt?: Date;

  @Field(() => Boolean, { nullable: true })
  @IfGiven()
  @IsBoolean()
  allDay?: boolean;

  @Field(() => String, { nullable: true })
  @IfGiven()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @Field(() => String, { nullable: true, description: 'Null removes the recurrence.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  recurrence?: string | null;

  @Field(() => [AttendeeInput], { nullable: true, description: 'Replaces the attendee list.' })
  @IfGiven()
  @IsArray()
  @ArrayMaxSize(MAX_ATTENDEES)
  @ValidateNested({ each: true })
  @Type(() => AttendeeInput)
  attendees?: AttendeeInput[];
}

@InputType('AvailabilityInput')
export class AvailabilityInput {
  @Field(() => [ID], { description: 'Members of the organization (1 to 50).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  userIds: string[];

  @Field(() => Date)
  @IsDate()
  from: Date;

  @Field(() => Date, { description: 'At most 31 days after `from`.' })
  @IsDate()
  to: Date;

  @Field(() => Int, { description: '1 to 1440.' })
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes: number;

  @Field(() => String, {
    nullable: true,
    description: "Local working hours as HH:MM, applied in each user's own time zone.",
  })
  @IsOptional()
  @IsString()
  workdayStart?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  workdayEnd?: string | null;
}
