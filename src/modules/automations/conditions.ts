import type { AutomationCondition, AutomationEventData, ConditionNode } from './automation-types';

/** The value at dotted `path` of `data`, or undefined. */
function valueAt(data: AutomationEventData, path: string): unknown {
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function compare(actual: unknown, expected: unknown): number | undefined {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  if (typeof actual === 'string' && typeof expected === 'string') {
    const a = Date.parse(actual);
    const b = Date.parse(expected);
    if (!Number.isNaN(a) && !Number.isNaN(b) && /^\d{4}-/.test(actual)) return a - b;
    return actual < expected ? -1 : actual > expected ? 1 : 0;
  }
  return undefined;
}

function evaluateNode(node: ConditionNode, data: AutomationEventData): boolean {
  if ('all' in node) return node.all.every((child) => evaluateNode(child, data));
  if ('any' in node) return node.any.some((child) => evaluateNode(child, data));
  const actual = valueAt(data, node.field);
  const order = compare(actual, node.value);
  switch (node.op) {
    case 'exists':
      return (actual !== undefined && actual !== null) === (node.value !== false);
    case 'eq':
      return actual === node.value;
    case 'neq':
      return actual !== node.value;
    case 'lt':
      return order !== undefined && order < 0;
    case 'lte':
      return order !== undefined && order <= 0;
    case 'gt':
      return order !== undefined && order > 0;
    case 'gte':
      return order !== undefined && order >= 0;
    case 'in':
      return Array.isArray(node.value) && node.value.includes(actual);
    case 'notIn':
      return Array.isArray(node.value) && !node.value.includes(actual);
    case 'contains':
      return typeof actual === 'string' && typeof node.value === 'string'
        ? actual.toLowerCase().includes(node.value.toLowerCase())
        : Array.isArray(actual) && actual.includes(node.value);
  }
}

/**
 * Whether the event data meets the condition (no condition: always). Data,
 * never code: each leaf compares one whitelisted field with a value; a
 * missing field meets only `exists: false` and `neq`/`notIn`.
 */
export function evaluateCondition(
  condition: AutomationCondition | null,
  data: AutomationEventData,
): boolean {
  return condition === null || evaluateNode(condition, data);
}
