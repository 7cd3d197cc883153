import type { FieldError } from '@/common/errors/domain-errors';
import type { AutomationTrigger } from './automation.enums';
import type { AutomationEventData } from './automation-types';
import { scalarProblem } from './conditions';
import { EVENT_FIELDS, eventField } from './event-fields';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether `prefix` (dotted) leads to at least one whitelisted field of `trigger`. */
function isFieldPrefix(trigger: AutomationTrigger, prefix: string[]): boolean {
  return EVENT_FIELDS[trigger].some((field) => {
    const pattern = field.path.split('.');
    return (
      pattern.length > prefix.length &&
      prefix.every((part, i) => pattern[i] === part || pattern[i] === '*')
    );
  });
}

/**
 * Problems of a sample event given to `testAutomation`: it must be shaped
 * like the event data runs see (`{ task: { title: "…" } }`), holding only
 * whitelisted fields of `trigger` with values of their types (null or left
 * out: absent). Paths are under `path` (`sample.task.priority`).
 */
export function sampleProblems(
  trigger: AutomationTrigger,
  sample: unknown,
  path: string,
): FieldError[] {
  if (!isPlainObject(sample)) {
    return [{ path, message: 'must be an object shaped like the event data' }];
  }
  const problems: FieldError[] = [];
  const visit = (node: Record<string, unknown>, at: string[]): void => {
    for (const [key, value] of Object.entries(node)) {
      const segments = [...at, key];
      const where = `${path}.${segments.join('.')}`;
      if (isPlainObject(value)) {
        if (isFieldPrefix(trigger, segments)) visit(value, segments);
        else problems.push({ path: where, message: `is not a field of ${trigger} events` });
        continue;
      }
      const field = eventField(trigger, segments.join('.'));
      if (!field) {
        problems.push({ path: where, message: `is not a field of ${trigger} events` });
      } else if (value !== null) {
        const problem = scalarProblem(field, value);
        if (problem) problems.push({ path: where, message: problem });
      }
    }
  };
  visit(sample, []);
  return problems;
}

/** A checked sample as event data (nulls dropped: absent). */
export function sampleEventData(sample: Record<string, unknown>): AutomationEventData {
  const copy = (node: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (value === null || value === undefined) continue;
      out[key] = isPlainObject(value) ? copy(value) : value;
    }
    return out;
  };
  return copy(sample);
}
