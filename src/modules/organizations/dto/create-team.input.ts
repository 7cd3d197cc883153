import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

@InputType('CreateTeamInput')
export class CreateTeamInput {
  @Field({ description: 'Unique within the organization.' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}
