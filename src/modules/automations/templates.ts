import type { FieldError } from '@/common/errors/domain-errors';
import type { AutomationTrigger } from './automation.enums';
import type { AutomationEventData } from './automation-types';
import { eventField } from './event-fields';

/**
 * Step templates: plain text with `{{path}}` placeholders (`{{ task.title }}`
 * also works) naming whitelisted event fields (event-fields.ts). Rendering
 * only looks values up and joins strings: there are no expressions, filters,
 * helpers or code, and a rendered value is never rendered again.
 */

/** A template string's longest accepted length, in characters. */
export const MAX_TEMPLATE_LENGTH = 4_000;

/** `{{`, optional spaces, a dotted path, optional spaces, `}}`. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** The placeholder paths of `template`, in order (syntax not checked: see templateProblems). */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/**
 * What is wrong with `template` for `trigger`'s events: an unclosed or stray
 * brace pair, an empty or malformed placeholder, a path that is not a
 * whitelisted field of that trigger, or too much text. Empty when it is fine.
 */
export function templateProblems(
  template: string,
  trigger: AutomationTrigger,
  path: string,
): FieldError[] {
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return [{ path, message: `must be at most ${MAX_TEMPLATE_LENGTH} characters` }];
  }
  const problems: FieldError[] = [];
  const rest = template.replace(PLACEHOLDER, (_match, inner: string) => {
    if (!inner) {
      problems.push({ path, message: 'has an empty placeholder {{}}' });
    } else if (!PATH.test(inner)) {
      problems.push({ path, message: `{{${inner}}} is not a field path (no expressions allowed)` });
    } else if (!eventField(trigger, inner)) {
      problems.push({ path, message: `{{${inner}}} is not a field of ${trigger} events` });
    }
    return '';
  });
  if (rest.includes('{{') || rest.includes('}}')) {
    problems.push({ path, message: 'has an unclosed or unmatched {{ or }}' });
  }
  return problems;
}

/** The value at dotted `path` in `data`, or undefined when any part is missing. */
export function valueAt(data: AutomationEventData, path: string): unknown {
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  // Whitelisted fields are leaves; anything else is shown as data, never run.
  return JSON.stringify(value);
}

/**
 * `template` with every `{{path}}` replaced by that field of `data` (an
 * absent field renders as nothing). Values are inserted as plain text in one
 * pass, so a value that itself contains `{{…}}` stays literal.
 */
export function renderTemplate(template: string, data: AutomationEventData): string {
  return template.replace(PLACEHOLDER, (_match, inner: string) =>
    inner && PATH.test(inner) ? text(valueAt(data, inner)) : '',
  );
}
