import type { ConfigProblem } from '../action-executor';

/** A problem for every key of `config` that the action does not know. */
export function unknownSettings(
  config: Record<string, unknown>,
  known: readonly string[],
): ConfigProblem[] {
  return Object.keys(config)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: key, message: `unknown setting (allowed: ${known.join(', ')})` }));
}

/** A required or optional string setting of at most `max` characters (templates allowed). */
export function stringSetting(
  config: Record<string, unknown>,
  key: string,
  { required, max }: { required: boolean; max: number },
): ConfigProblem[] {
  const value = config[key];
  if (value === undefined || value === null) {
    return required ? [{ path: key, message: 'is required' }] : [];
  }
  if (typeof value !== 'string') return [{ path: key, message: 'must be a string' }];
  if (required && value.trim() === '') return [{ path: key, message: 'must not be empty' }];
  if (value.length > max) return [{ path: key, message: `must be at most ${max} characters` }];
  return [];
}

/** `config[key]` when it is a non-empty string, else undefined. */
export function optionalString(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
