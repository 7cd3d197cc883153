import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Role } from '@/access/role';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

@InputType('AddMemberInput')
export class AddMemberInput {
  @Field({ description: 'An existing account is added as it is; otherwise one is invited.' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field(() => String, {
    nullable: true,
    description: "Required when no account has this email yet: the invited person's name.",
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;
}
