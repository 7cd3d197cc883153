import { z } from 'zod';

/**
 * The building blocks of the tools' inputs (assistant-tools.md): ids are
 * UUID strings, instants ISO-8601 strings with an offset or Z. Inputs stay
 * strings (they are recorded and shown as given); handlers turn them into
 * Dates with `toDate`.
 */

/**
 * Any 8-4-4-4-12 hex id, as the domain's own `isUuid` accepts: a well-formed
 * id that names nothing reaches the service and gets NOT_FOUND, the same
 * answer as another organization's id.
 */
export const id = (description?: string) => {
  const schema = z.guid();
  return description ? schema.describe(description) : schema;
};

/** An instant: ISO-8601 date and time with an offset or Z, e.g. 2026-12-07T17:00:00.000Z. */
export const instant = (description?: string) => {
  const schema = z.iso.datetime({ offset: true });
  return description ? schema.describe(description) : schema;
};

/** How many items a list tool returns. */
export const first = (max: number, fallback: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .describe(`How many to return, 1 to ${max} (default ${fallback}).`);

export const toDate = (value: string): Date => new Date(value);

export function toDateOrNull(value: string | null): Date | null;
export function toDateOrNull(value: string | null | undefined): Date | null | undefined;
export function toDateOrNull(value: string | null | undefined): Date | null | undefined {
  return value === undefined || value === null ? value : new Date(value);
}

/** An instant for a tool's output: ISO-8601 in UTC, or null. */
export const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();

/** Longest free text (descriptions, comments) a tool echoes back in its output. */
export const MAX_ECHO_LENGTH = 500;

export const clip = (text: string | null, max = MAX_ECHO_LENGTH): string | null =>
  text === null || text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/**
 * An instant as the caller reads it, in their own time zone:
 * "Mon 2026-12-07 09:00" (so a model can say it without converting).
 */
export function localTime(value: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(value)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
