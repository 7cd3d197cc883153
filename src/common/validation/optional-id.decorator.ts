import { applyDecorators } from '@nestjs/common';
import { Field, ID } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';

/** An optional `ID` argument or input field that must be a UUID when given. */
export const OptionalId = (description?: string): PropertyDecorator =>
  applyDecorators(
    Field(() => ID, { nullable: true, description }),
    IsOptional(),
    IsUUID(),
  );
