/**
 * `digits` standing on their own (a PIN, a card number's group), not inside
 * a longer run of letters and digits: "4826" in `"body":"4826"` or "my PIN is
 * 4826", never in a random id such as `2248261a-…`, which a plain
 * `not.toContain('4826')` over a few kilobytes of uuids and SIDs mistakes for
 * a leak now and then.
 */
export function standalone(digits: string): RegExp {
  return new RegExp(`(?<![0-9A-Za-z])${digits}(?![0-9A-Za-z])`);
}
