import { createHash } from 'node:crypto';

/**
 * A short, stable digest of a list's filter (unset fields left out, keys
 * sorted), for the `queryKey` of `paginate`: the filter is part of the
 * cursor key, so a cursor only works for the query that issued it — paging
 * a different filter from it would start at a row the new query may not
 * even contain.
 */
export function filterKey(filter: object | null | undefined): string {
  const normalised = Object.entries(filter ?? {})
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(normalised)).digest('base64url').slice(0, 12);
}
