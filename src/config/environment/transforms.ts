/** Turn the strings of process.env into the values the rules check. */

export const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (normalised === '') return undefined;
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};

export const toInteger = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim())) return value;
  return Number.parseInt(value, 10);
};

export const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** An optional integer: empty means unset. */
export const toOptionalInteger = ({ value }: { value: unknown }): unknown =>
  toInteger({ value: emptyToUndefined({ value }) });

export const URL_OPTIONS = { require_tld: false, require_protocol: true } as const;
