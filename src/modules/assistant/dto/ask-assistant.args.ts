import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

export const MAX_REQUEST_LENGTH = 2000;

@ArgsType()
export class AskAssistantArgs {
  @Field({ description: 'What the caller asks, 1 to 2,000 characters.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, MAX_REQUEST_LENGTH)
  text: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'Continue this conversation (its memory: "make it urgent", a pending confirmation). Left out: a new one.',
  })
  @IsOptional()
  @IsUUID()
  conversationId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A confirmation token from an earlier NEEDS_CONFIRMATION reply: runs that request.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  confirm?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: "The turn's clock, for tests. Honoured only outside production.",
  })
  @IsOptional()
  @IsDate()
  now?: Date | null;
}
