const SECRET = /hash|secret|token|password|pin(?!g)/i;

type Plain = Record<string, unknown>;

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** Only what changed, never a secret: `{ before: {...}, after: {...} }` over the changed fields. */
export function auditDiff(before: Plain | null, after: Plain | null): Plain | null {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changedBefore: Plain = {};
  const changedAfter: Plain = {};
  for (const key of keys) {
    if (SECRET.test(key) || key === 'updatedAt') continue;
    const a = comparable(before?.[key]);
    const b = comparable(after?.[key]);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (before) changedBefore[key] = a ?? null;
    if (after) changedAfter[key] = b ?? null;
  }
  if (Object.keys(changedBefore).length === 0 && Object.keys(changedAfter).length === 0)
    return null;
  return {
    ...(before ? { before: changedBefore } : {}),
    ...(after ? { after: changedAfter } : {}),
  };
}
