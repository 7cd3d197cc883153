import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

export const MAX_COMMENT_LENGTH = 10_000;

@ArgsType()
export class AddTaskCommentArgs {
  /** Checked by the service: an unknown or foreign id is NOT_FOUND. */
  @Field(() => ID)
  @IsString()
  taskId: string;

  @Field({ description: '1 to 10,000 characters, trimmed.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, MAX_COMMENT_LENGTH)
  body: string;
}
