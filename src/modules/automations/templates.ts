import type { AutomationEventData } from './automation-types';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/**
 * `template` with every `{{path}}` replaced by the value at that dotted path
 * of the event data (plain lookup, never evaluated): strings, numbers and
 * booleans as text, anything absent or null as the empty string, an object
 * as JSON. The paths are checked against EVENT_FIELDS when the automation is
 * saved.
 */
export function renderTemplate(template: string, data: AutomationEventData): string {
  return template.replace(PLACEHOLDER, (_match, path: string) => {
    let value: unknown = data;
    for (const segment of path.split('.')) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        value = undefined;
        break;
      }
      value = Object.prototype.hasOwnProperty.call(value, segment)
        ? (value as Record<string, unknown>)[segment]
        : undefined;
    }
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  });
}
