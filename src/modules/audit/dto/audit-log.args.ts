import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ConnectionArgs } from '@/graphql/pagination';

@ArgsType()
export class AuditLogArgs extends ConnectionArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only entries about this kind of entity, e.g. "Membership" or "Team".',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only entries about this entity.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string | null;
}
