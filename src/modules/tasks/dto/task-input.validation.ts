import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';

export const MAX_TITLE_LENGTH = 500;
export const MAX_DESCRIPTION_LENGTH = 20_000;
export const MAX_LABELS = 20;
export const MAX_LABEL_LENGTH = 50;

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

const trimAll = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? (value as unknown[]).map((item) => (typeof item === 'string' ? item.trim() : item))
    : value;

/** Set when given: null is refused (a task always has one), absence means unchanged. */
export const ValidateIfGiven = (): PropertyDecorator =>
  ValidateIf((_object, value) => value !== undefined);

export const TaskTitle = (optional: boolean): PropertyDecorator =>
  applyDecorators(
    Transform(trim),
    ...(optional ? [ValidateIfGiven()] : []),
    IsString(),
    Length(1, MAX_TITLE_LENGTH),
  );

export const TaskDescription = (): PropertyDecorator =>
  applyDecorators(IsOptional(), IsString(), MaxLength(MAX_DESCRIPTION_LENGTH));

export const TaskLabels = (): PropertyDecorator =>
  applyDecorators(
    Transform(trimAll),
    ValidateIfGiven(),
    IsArray(),
    ArrayMaxSize(MAX_LABELS),
    IsString({ each: true }),
    Length(1, MAX_LABEL_LENGTH, { each: true }),
  );
