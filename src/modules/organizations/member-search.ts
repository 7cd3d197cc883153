/** Longest query `findMembers` takes, and most words it looks at. */
export const MAX_MEMBER_QUERY_LENGTH = 200;
const MAX_TERMS = 5;

/**
 * ILIKE patterns for a free-text member query: one per word (at most five),
 * each matching anywhere in a name or email, with LIKE's own wildcards
 * escaped so "50%" or "a_b" match literally. Empty for a blank query.
 */
export function memberSearchPatterns(query: string | null | undefined): string[] {
  if (!query) return [];
  return query
    .slice(0, MAX_MEMBER_QUERY_LENGTH)
    .trim()
    .split(/\s+/)
    .filter((term) => term.length > 0)
    .slice(0, MAX_TERMS)
    .map((term) => `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
}
