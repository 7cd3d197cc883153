import { ArgsType, Field, Int } from '@nestjs/graphql';
import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;
/** Far above any cursor we issue; stops clients making us decode megabytes. */
export const MAX_CURSOR_LENGTH = 1024;

@ValidatorConstraint({ name: 'firstOrLast' })
class FirstOrLastConstraint implements ValidatorConstraintInterface {
  validate(_last: unknown, { object }: ValidationArguments): boolean {
    const { first } = object as ConnectionArgs;
    return first === undefined || first === null;
  }

  defaultMessage(): string {
    return 'Pass either first or last, not both';
  }
}

/**
 * Relay connection arguments. Resolvers that take filters too extend this:
 * `@ArgsType() class TasksArgs extends ConnectionArgs { @Field() filter... }`.
 */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Items from the start (after \`after\`); at most ${MAX_PAGE_SIZE}, ${DEFAULT_PAGE_SIZE} when neither first nor last is given.`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the item the page starts after.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  after?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Items from the end (before \`before\`); at most ${MAX_PAGE_SIZE}. Not together with first.`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  @Validate(FirstOrLastConstraint)
  last?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the item the page ends before.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  before?: string;
}
