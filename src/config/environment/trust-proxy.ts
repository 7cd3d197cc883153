import * as ipaddr from 'ipaddr.js';

const TRUST_PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY as Express's `trust proxy` setting takes it: true, false, a hop
 * count, or a list of addresses, CIDR subnets and the presets loopback,
 * linklocal and uniquelocal. Undefined when the value is none of these.
 */
export function parseTrustProxy(value: string): boolean | number | string[] | undefined {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'true') return true;
  if (trimmed === 'false' || trimmed === '') return false;
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  const entries = trimmed.split(',').map((entry) => entry.trim());
  const valid = entries.every(
    (entry) =>
      TRUST_PROXY_PRESETS.has(entry) ||
      ipaddr.isValid(entry) ||
      (entry.includes('/') && isValidCidr(entry)),
  );
  return valid ? entries : undefined;
}

function isValidCidr(value: string): boolean {
  try {
    ipaddr.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}
