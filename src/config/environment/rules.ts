import { parseAllowedHosts } from '../allowed-hosts';
import type { EnvironmentVariables } from './areas';
import { EMBEDDED_DATABASE_POOL_SIZE } from './database';
import { parseTrustProxy } from './trust-proxy';

/** Credentials that come in two halves: one without the other is a mistake. */
export const CREDENTIAL_PAIRS = [
  ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
  ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
] as const satisfies ReadonlyArray<
  readonly [keyof EnvironmentVariables, keyof EnvironmentVariables]
>;

/** Rules that span several variables. */
export function crossFieldProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  for (const [a, b] of CREDENTIAL_PAIRS) {
    if (Boolean(env[a]) !== Boolean(env[b])) {
      const missing = env[a] ? b : a;
      problems.push(`${missing}: is required when ${missing === a ? b : a} is set`);
    }
  }
  if (env.OUTBOUND_ALLOWED_HOSTS) {
    try {
      parseAllowedHosts(env.OUTBOUND_ALLOWED_HOSTS);
    } catch (error) {
      problems.push(`OUTBOUND_ALLOWED_HOSTS: ${(error as Error).message}`);
    }
    if (env.NODE_ENV === 'production') {
      problems.push(
        'OUTBOUND_ALLOWED_HOSTS: must be empty when NODE_ENV=production (it exempts hosts from the outbound address check)',
      );
    }
  }
  const pool = env.DATABASE_URL ? env.DATABASE_POOL_SIZE : EMBEDDED_DATABASE_POOL_SIZE;
  if (
    Number.isInteger(env.WORKER_CONCURRENCY_CALENDAR_SYNC) &&
    Number.isInteger(pool) &&
    env.WORKER_CONCURRENCY_CALENDAR_SYNC >= pool
  ) {
    problems.push(
      `WORKER_CONCURRENCY_CALENDAR_SYNC: must be less than the database pool (${pool}${env.DATABASE_URL ? ', DATABASE_POOL_SIZE' : ' in embedded mode'}): each calendar-sync job holds a connection for its lock and needs one more (got ${env.WORKER_CONCURRENCY_CALENDAR_SYNC})`,
    );
  }
  if (
    Number.isInteger(env.OUTBOUND_CONNECT_TIMEOUT_MS) &&
    Number.isInteger(env.OUTBOUND_TIMEOUT_MS) &&
    env.OUTBOUND_CONNECT_TIMEOUT_MS > env.OUTBOUND_TIMEOUT_MS
  ) {
    problems.push(
      `OUTBOUND_CONNECT_TIMEOUT_MS: must not exceed OUTBOUND_TIMEOUT_MS (${env.OUTBOUND_TIMEOUT_MS}), which covers the whole request (got ${env.OUTBOUND_CONNECT_TIMEOUT_MS})`,
    );
  }
  if (typeof env.TRUST_PROXY === 'string' && parseTrustProxy(env.TRUST_PROXY) === undefined) {
    problems.push(
      `TRUST_PROXY: must be true, false, a number of hops, or a comma-separated list of IP addresses, CIDR subnets, loopback, linklocal or uniquelocal (got ${JSON.stringify(env.TRUST_PROXY)})`,
    );
  }
  if (env.NODE_ENV === 'production') {
    for (const name of ['JWT_SECRET', 'ENCRYPTION_KEY', 'DATABASE_URL', 'SMTP_URL'] as const) {
      if (!env[name]) problems.push(`${name}: is required when NODE_ENV=production`);
    }
  }
  return problems;
}
