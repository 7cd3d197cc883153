import type { FieldError } from '@/common/errors/domain-errors';
import type { AutomationTrigger } from './automation.enums';
import type {
  AutomationCondition,
  AutomationEventData,
  ConditionNode,
  ConditionOperator,
  ConditionRule,
} from './automation-types';
import { EventField, eventField } from './event-fields';
import { valueAt } from './templates';

/**
 * Conditions: typed JSON over the trigger's whitelisted fields, never code
 * (SPEC §9). A condition is a group `{ "all": [...] }` or `{ "any": [...] }`
 * whose items are rules `{ "field": "score.overall", "op": "lt", "value": 70 }`
 * or further groups, at most MAX_CONDITION_DEPTH groups deep.
 */

/** Groups inside groups: the top group is depth 1. */
export const MAX_CONDITION_DEPTH = 3;
/** Items in one group. */
export const MAX_GROUP_ITEMS = 20;
/** Rules in a whole condition. */
export const MAX_CONDITION_RULES = 50;
/** Values in one `in` / `notIn` list. */
export const MAX_LIST_VALUES = 100;
/** A string value's longest length. */
export const MAX_VALUE_LENGTH = 500;

export const CONDITION_OPERATORS: readonly ConditionOperator[] = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'notIn',
  'contains',
  'exists',
];

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Which operators a field of `type` accepts. */
export function operatorsFor(field: EventField): ConditionOperator[] {
  const base: ConditionOperator[] = ['eq', 'neq', 'exists'];
  switch (field.type) {
    case 'number':
    case 'datetime':
      return [...base, 'lt', 'lte', 'gt', 'gte', 'in', 'notIn'];
    case 'string':
      return [...base, 'in', 'notIn', 'contains'];
    case 'enum':
    case 'id':
      return [...base, 'in', 'notIn'];
    case 'boolean':
      return base;
  }
}

/** Why `value` is not a value of `field`, or null when it is one. */
export function scalarProblem(field: EventField, value: unknown): string | null {
  switch (field.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'datetime':
      return typeof value === 'string' && ISO_DATETIME.test(value) && !isNaN(Date.parse(value))
        ? null
        : 'must be an ISO-8601 date-time with a time zone (2026-05-01T09:00:00Z)';
    case 'enum':
      return typeof value === 'string' && field.values?.includes(value)
        ? null
        : `must be one of ${(field.values ?? []).join(', ')}`;
    case 'id':
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      return value.length <= MAX_VALUE_LENGTH
        ? null
        : `must be at most ${MAX_VALUE_LENGTH} characters`;
  }
}

function ruleProblems(
  rule: Record<string, unknown>,
  trigger: AutomationTrigger,
  path: string,
): FieldError[] {
  const problems: FieldError[] = [];
  for (const key of Object.keys(rule)) {
    if (!['field', 'op', 'value'].includes(key)) {
      problems.push({
        path: `${path}.${key}`,
        message: 'is not a rule property (field, op, value)',
      });
    }
  }
  const { field: name, op, value } = rule;
  if (typeof name !== 'string' || !name) {
    problems.push({ path: `${path}.field`, message: 'must be a field path (a string)' });
    return problems;
  }
  const field = name.includes('*') ? undefined : eventField(trigger, name);
  if (!field) {
    problems.push({
      path: `${path}.field`,
      message: `${name} is not a field of ${trigger} events`,
    });
    return problems;
  }
  if (typeof op !== 'string' || !CONDITION_OPERATORS.includes(op as ConditionOperator)) {
    problems.push({
      path: `${path}.op`,
      message: `must be one of ${CONDITION_OPERATORS.join(', ')}`,
    });
    return problems;
  }
  const allowed = operatorsFor(field);
  if (!allowed.includes(op as ConditionOperator)) {
    problems.push({
      path: `${path}.op`,
      message: `${op} does not apply to ${field.type} field ${name} (use ${allowed.join(', ')})`,
    });
    return problems;
  }
  const valuePath = `${path}.value`;
  if (op === 'exists') {
    if (value !== undefined && typeof value !== 'boolean') {
      problems.push({ path: valuePath, message: 'must be true or false (or left out: true)' });
    }
  } else if (op === 'in' || op === 'notIn') {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST_VALUES) {
      problems.push({
        path: valuePath,
        message: `must be a list of 1 to ${MAX_LIST_VALUES} values`,
      });
    } else {
      value.forEach((item, index) => {
        const problem = scalarProblem(field, item);
        if (problem) problems.push({ path: `${valuePath}.${index}`, message: problem });
      });
    }
  } else if (value === undefined) {
    problems.push({ path: valuePath, message: 'is required' });
  } else {
    const problem = scalarProblem(field, value);
    if (problem) problems.push({ path: valuePath, message: problem });
    else if (op === 'contains' && (value as string).length === 0) {
      problems.push({ path: valuePath, message: 'must not be empty' });
    }
  }
  return problems;
}

/**
 * Every problem of `condition` for `trigger`'s events, with paths under
 * `path` (`input.condition.all.0.field`). null means "always": no problems.
 */
export function conditionProblems(
  condition: unknown,
  trigger: AutomationTrigger,
  path: string,
): FieldError[] {
  if (condition === null || condition === undefined) return [];
  const problems: FieldError[] = [];
  let rules = 0;

  const visitGroup = (node: unknown, at: string, depth: number): void => {
    if (!isPlainObject(node)) {
      problems.push({ path: at, message: 'must be a group { "all": [...] } or { "any": [...] }' });
      return;
    }
    const keys = Object.keys(node);
    if (keys.length !== 1 || (keys[0] !== 'all' && keys[0] !== 'any')) {
      problems.push({
        path: at,
        message: 'a group has exactly one key, "all" or "any", holding a list',
      });
      return;
    }
    if (depth > MAX_CONDITION_DEPTH) {
      problems.push({ path: at, message: `groups nest at most ${MAX_CONDITION_DEPTH} deep` });
      return;
    }
    const key = keys[0];
    const items = node[key];
    const itemsPath = `${at}.${key}`;
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_GROUP_ITEMS) {
      problems.push({
        path: itemsPath,
        message: `must be a list of 1 to ${MAX_GROUP_ITEMS} rules or groups`,
      });
      return;
    }
    items.forEach((item, index) => {
      const itemPath = `${itemsPath}.${index}`;
      if (isPlainObject(item) && ('all' in item || 'any' in item)) {
        visitGroup(item, itemPath, depth + 1);
      } else if (isPlainObject(item)) {
        rules += 1;
        if (rules === MAX_CONDITION_RULES + 1) {
          problems.push({ path, message: `has more than ${MAX_CONDITION_RULES} rules` });
        }
        problems.push(...ruleProblems(item, trigger, itemPath));
      } else {
        problems.push({
          path: itemPath,
          message: 'must be a rule { field, op, value } or a group',
        });
      }
    });
  };

  visitGroup(condition, path, 1);
  return problems;
}

// ---- evaluation

function comparable(value: unknown): number | string | boolean | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    // Date-times compare as instants, whatever their offset notation.
    if (ISO_DATETIME.test(value)) {
      const time = Date.parse(value);
      if (!isNaN(time)) return time;
    }
    return value;
  }
  if (value instanceof Date) return value.getTime();
  return undefined;
}

const same = (a: unknown, b: unknown): boolean => {
  const left = comparable(a);
  return left !== undefined && left === comparable(b);
};

function ordered(actual: unknown, expected: unknown, test: (a: number) => boolean): boolean {
  const a = comparable(actual);
  const b = comparable(expected);
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  return test(a - b);
}

function evaluateRule(rule: ConditionRule, data: AutomationEventData): boolean {
  const actual = valueAt(data, rule.field);
  const present = actual !== undefined && actual !== null;
  switch (rule.op) {
    case 'exists':
      return present === (rule.value === undefined ? true : rule.value === true);
    case 'eq':
      return present && same(actual, rule.value);
    case 'neq':
      return !present || !same(actual, rule.value);
    case 'lt':
      return present && ordered(actual, rule.value, (d) => d < 0);
    case 'lte':
      return present && ordered(actual, rule.value, (d) => d <= 0);
    case 'gt':
      return present && ordered(actual, rule.value, (d) => d > 0);
    case 'gte':
      return present && ordered(actual, rule.value, (d) => d >= 0);
    case 'in':
      return present && Array.isArray(rule.value) && rule.value.some((v) => same(actual, v));
    case 'notIn':
      return !present || !Array.isArray(rule.value) || !rule.value.some((v) => same(actual, v));
    case 'contains':
      return (
        typeof actual === 'string' &&
        typeof rule.value === 'string' &&
        actual.toLowerCase().includes(rule.value.toLowerCase())
      );
    default:
      return false;
  }
}

function evaluateNode(node: ConditionNode, data: AutomationEventData): boolean {
  if ('all' in node && Array.isArray(node.all)) {
    return node.all.every((child) => evaluateNode(child, data));
  }
  if ('any' in node && Array.isArray(node.any)) {
    return node.any.some((child) => evaluateNode(child, data));
  }
  return evaluateRule(node as ConditionRule, data);
}

/**
 * Whether `data` (a trigger's whitelisted event data) meets `condition`; a
 * null condition always holds. Absent fields: `exists` is false, `neq` and
 * `notIn` hold, every other operator fails. `contains` ignores case;
 * date-times compare as instants.
 */
export function evaluateCondition(
  condition: AutomationCondition | null,
  data: AutomationEventData,
): boolean {
  if (!condition) return true;
  return evaluateNode(condition, data);
}
