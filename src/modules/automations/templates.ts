import type { AutomationEventData } from './automation-types';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/**
 * `template` with each `{{path}}` replaced by the event's value at that
 * dotted path (absent: empty). Substitution only: nothing is evaluated.
 */
export function renderTemplate(template: string, data: AutomationEventData): string {
  return template.replace(PLACEHOLDER, (_match, path: string) => {
    let current: unknown = data;
    for (const segment of path.split('.')) {
      if (current === null || typeof current !== 'object') return '';
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return '';
      current = (current as Record<string, unknown>)[segment];
    }
    if (current === null || current === undefined) return '';
    if (typeof current === 'string') return current;
    if (typeof current === 'number' || typeof current === 'boolean') return String(current);
    return JSON.stringify(current);
  });
}
