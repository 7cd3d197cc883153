import { plainToInstance, Transform } from 'class-transformer';
import * as ipaddr from 'ipaddr.js';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';
import { parseAllowedHosts } from './allowed-hosts';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (normalised === '') return undefined;
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};

const toInteger = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim())) return value;
  return Number.parseInt(value, 10);
};

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** An optional integer: empty means unset. */
const toOptionalInteger = ({ value }: { value: unknown }): unknown =>
  toInteger({ value: emptyToUndefined({ value }) });

/** Connections of the embedded database's pool (PGlite serves at most 8; src/database). */
export const EMBEDDED_DATABASE_POOL_SIZE = 4;

/**
 * Jobs one worker process runs at once on the `maintenance` queue. Fixed:
 * housekeeping deletes in large batches, and one at a time keeps it to one
 * connection beside the live work.
 */
export const MAINTENANCE_CONCURRENCY = 1;

const URL_OPTIONS = { require_tld: false, require_protocol: true } as const;

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

/**
 * Every environment variable Switchboard reads, with its rules. `.env.example`
 * documents the same list; `environment.spec.ts` keeps the two in step.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  PUBLIC_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  DATA_DIR = '.data';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 15000;

  @IsString()
  CORS_ORIGINS = 'https://studio.apollographql.com,http://localhost:3000,http://localhost:5173';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_RUN_MIGRATIONS = true;

  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_LOGGING = false;

  /** Longest a statement may run (0: no limit); over it PostgreSQL cancels it (TIMEOUT). */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  DATABASE_STATEMENT_TIMEOUT_MS = 15000;

  /** A connection idle inside an open transaction longer than this is closed (0: never). */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30000;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_DB_PORT = 0;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be 1-32 letters, digits, "_" or "-"' })
  REDIS_KEY_PREFIX = 'sb';

  /** Jobs each worker process runs at once per queue, unless the queue has a setting of its own. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY = 5;

  /**
   * calendar-sync jobs at once per worker. Default 1, not WORKER_CONCURRENCY:
   * each job holds a pooled connection for its connection's advisory lock and
   * needs another for its writes, so it must stay below the pool size.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY_CALENDAR_SYNC = 1;

  /** fleet-polling jobs (Samsara feeds, stale check, retention) at once per worker. Default: WORKER_CONCURRENCY. */
  @Transform(toOptionalInteger)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY_FLEET_POLLING?: number;

  /** notifications jobs (Slack posts) at once per worker. Default: WORKER_CONCURRENCY. */
  @Transform(toOptionalInteger)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY_NOTIFICATIONS?: number;

  @Transform(toBoolean)
  @IsBoolean()
  OUTBOX_RELAY_ENABLED = true;

  @Transform(toInteger)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_INTERVAL_MS = 250;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1000)
  OUTBOX_BATCH_SIZE = 100;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  OUTBOX_RETENTION_HOURS = 168;

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['sandbox', 'production', 'off'])
  GRAPHQL_LANDING_PAGE?: 'sandbox' | 'production' | 'off';

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  GRAPHQL_SCHEMA_WRITE?: boolean;

  @Transform(toInteger)
  @IsInt()
  @Min(2)
  @Max(50)
  GRAPHQL_MAX_DEPTH = 12;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(500)
  GRAPHQL_MAX_ALIASES = 20;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  GRAPHQL_MAX_TOKENS = 3000;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  GRAPHQL_MAX_COST = 50000;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  GRAPHQL_MAX_DIRECTIVES = 30;

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size such as 100kb or 1mb' })
  HTTP_BODY_LIMIT = '512kb';

  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  WS_MAX_PAYLOAD_BYTES = 65536;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  WS_CONNECTION_INIT_TIMEOUT_MS = 10000;

  /** Concurrent subscriptions one graphql-ws socket may hold. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET = 50;

  /** Concurrent subscriptions one user (or API key) may hold over all its sockets on one instance. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  WS_MAX_SUBSCRIPTIONS_PER_USER = 200;

  /** Bytes a socket may have waiting to be sent before it is closed as a slow reader (1013). */
  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  WS_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

  /** GraphQL requests and graphql-ws operations per signed-in user or API key per minute. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_USER_PER_MINUTE = 600;

  /** GraphQL requests per client IP per minute, for callers without valid credentials. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_IP_PER_MINUTE = 1200;

  /**
   * Which proxies in front of the api to believe about the client address
   * (X-Forwarded-For): false (none), true (all), a hop count, or a
   * comma-separated list of addresses, subnets and loopback, linklocal,
   * uniquelocal (Express `trust proxy`).
   */
  @IsString()
  TRUST_PROXY = 'false';

  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsString()
  JWT_ISSUER = 'switchboard';

  @IsString()
  JWT_AUDIENCE = 'switchboard-api';

  @Transform(toInteger)
  @IsInt()
  @Min(60)
  @Max(900)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_TOKEN_REUSE_GRACE_SECONDS = 5;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60_000)
  SESSION_CHECK_CACHE_MS = 5000;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_IP = 30;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_MINUTES = 15;

  /** register, verifyEmail and acceptInvite calls per client IP per LOGIN_WINDOW_MINUTES. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  PUBLIC_ACTIONS_MAX_PER_IP = 300;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 random bytes, base64-encoded' })
  ENCRYPTION_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'must look like AC followed by 32 hex digits' })
  TWILIO_ACCOUNT_SID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(128)
  TWILIO_AUTH_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  TWILIO_API_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  GOOGLE_REDIRECT_URI?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  GOOGLE_API_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  GOOGLE_OAUTH_BASE_URL?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1440)
  CALENDAR_SYNC_INTERVAL_MINUTES = 5;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ANTHROPIC_API_KEY?: string;

  @IsString()
  ANTHROPIC_MODEL = 'claude-sonnet-4-5';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  ANTHROPIC_BASE_URL?: string;

  @IsUrl(URL_OPTIONS)
  SAMSARA_API_BASE_URL = 'https://api.samsara.com';

  @Transform(toInteger)
  @IsInt()
  @Min(4)
  GEOFENCE_MAX_VERTICES = 1000;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  GEOFENCE_MAX_RINGS = 20;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  GEOFENCE_MAX_PER_ORGANIZATION = 500;

  /** Where Slack webhook posts go; the stored URL's path is kept (tests, egress proxies). */
  @IsUrl(URL_OPTIONS)
  SLACK_WEBHOOK_BASE_URL = 'https://hooks.slack.com';

  /**
   * host[:port] pairs that outbound requests to user-supplied URLs may reach
   * whatever their address, over http too: local fakes in tests. Refused in
   * production.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OUTBOUND_ALLOWED_HOSTS?: string;

  // Samsara asks for at least 5 s between feed calls that found nothing new.
  @Transform(toInteger)
  @IsInt()
  @Min(5000)
  @Max(3_600_000)
  SAMSARA_POLL_INTERVAL_MS = 10_000;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(36_500)
  FLEET_POSITION_RETENTION_DAYS = 90;

  @Transform(toInteger)
  @IsInt()
  @Min(60_000)
  @Max(86_400_000)
  FLEET_RETENTION_INTERVAL_MS = 3_600_000;

  @Transform(toInteger)
  @IsInt()
  @Min(200)
  @Max(3_600_000)
  FLEET_STALE_CHECK_INTERVAL_MS = 60_000;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60_000)
  FLEET_LIVE_MIN_INTERVAL_MS = 250;

  // ----- calls and call quality
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(300_000)
  CALL_SCORING_WAIT_MS = 20_000;

  /** At most the queues' own job attempts (5, src/messaging/queue-backend.ts). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(5)
  CALL_SCORING_MAX_ATTEMPTS = 5;

  /** call-scoring jobs at once per worker (and the scorer's batch size); this queue's own setting. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  CALL_SCORING_CONCURRENCY = 8;

  /** smtp:// or smtps:// URL of the mail server (credentials in the URL); required in production. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Switchboard <no-reply@switchboard.local>';

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS = 8;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  MAIL_RETRY_INTERVAL_MS = 30000;
}

export class EnvironmentValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'EnvironmentValidationError';
  }
}

const SECRET_NAMES = /SECRET|TOKEN|KEY|PASSWORD|SMTP_URL/;

function describe(error: ValidationError): string {
  const shown = SECRET_NAMES.test(error.property) ? '(hidden)' : JSON.stringify(error.value);
  const reasons = Object.values(error.constraints ?? {}).join('; ');
  return `${error.property}: ${reasons} (got ${shown})`;
}

/** Rules that span several variables. */
function crossFieldProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  const pairs: Array<[keyof EnvironmentVariables, keyof EnvironmentVariables]> = [
    ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
    ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
  ];
  for (const [a, b] of pairs) {
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

/**
 * Validates raw variables (normally `process.env`) and returns them typed with
 * defaults applied. Every problem is reported at once, so an operator fixes a
 * deployment in one round.
 */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const picked: Record<string, unknown> = {};
  for (const name of ENVIRONMENT_VARIABLE_NAMES) {
    if (raw[name] !== undefined) picked[name] = raw[name];
  }
  const env = plainToInstance(EnvironmentVariables, picked);
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = [...errors.map(describe), ...crossFieldProblems(env)];
  if (problems.length > 0) throw new EnvironmentValidationError(problems);
  return env;
}

/** All variable names, including optional ones without a default. */
export const ENVIRONMENT_VARIABLE_NAMES: readonly string[] = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'PUBLIC_URL',
  'LOG_LEVEL',
  'DATA_DIR',
  'SHUTDOWN_TIMEOUT_MS',
  'CORS_ORIGINS',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'DATABASE_RUN_MIGRATIONS',
  'DATABASE_LOGGING',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS',
  'EMBEDDED_DB_PORT',
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'WORKER_CONCURRENCY',
  'WORKER_CONCURRENCY_CALENDAR_SYNC',
  'WORKER_CONCURRENCY_FLEET_POLLING',
  'WORKER_CONCURRENCY_NOTIFICATIONS',
  'OUTBOX_RELAY_ENABLED',
  'OUTBOX_POLL_INTERVAL_MS',
  'OUTBOX_BATCH_SIZE',
  'OUTBOX_RETENTION_HOURS',
  'GRAPHQL_INTROSPECTION',
  'GRAPHQL_LANDING_PAGE',
  'GRAPHQL_SCHEMA_WRITE',
  'GRAPHQL_MAX_DEPTH',
  'GRAPHQL_MAX_ALIASES',
  'GRAPHQL_MAX_TOKENS',
  'GRAPHQL_MAX_COST',
  'GRAPHQL_MAX_DIRECTIVES',
  'HTTP_BODY_LIMIT',
  'WS_MAX_PAYLOAD_BYTES',
  'WS_CONNECTION_INIT_TIMEOUT_MS',
  'WS_MAX_SUBSCRIPTIONS_PER_SOCKET',
  'WS_MAX_SUBSCRIPTIONS_PER_USER',
  'WS_MAX_BUFFERED_BYTES',
  'RATE_LIMIT_USER_PER_MINUTE',
  'RATE_LIMIT_IP_PER_MINUTE',
  'TRUST_PROXY',
  'JWT_SECRET',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'JWT_ACCESS_TTL_SECONDS',
  'REFRESH_TOKEN_TTL_DAYS',
  'REFRESH_TOKEN_REUSE_GRACE_SECONDS',
  'SESSION_CHECK_CACHE_MS',
  'LOGIN_MAX_FAILURES_PER_ACCOUNT',
  'LOGIN_MAX_ATTEMPTS_PER_IP',
  'LOGIN_WINDOW_MINUTES',
  'PUBLIC_ACTIONS_MAX_PER_IP',
  'ENCRYPTION_KEY',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_API_BASE_URL',
  'GOOGLE_CLIENT_ID',
  'GOOGLE_CLIENT_SECRET',
  'GOOGLE_REDIRECT_URI',
  'GOOGLE_API_BASE_URL',
  'GOOGLE_OAUTH_BASE_URL',
  'CALENDAR_SYNC_INTERVAL_MINUTES',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_MODEL',
  'ANTHROPIC_BASE_URL',
  'SAMSARA_API_BASE_URL',
  'SLACK_WEBHOOK_BASE_URL',
  'OUTBOUND_ALLOWED_HOSTS',
  'GEOFENCE_MAX_VERTICES',
  'GEOFENCE_MAX_RINGS',
  'GEOFENCE_MAX_PER_ORGANIZATION',
  'SAMSARA_POLL_INTERVAL_MS',
  'FLEET_POSITION_RETENTION_DAYS',
  'FLEET_RETENTION_INTERVAL_MS',
  'FLEET_STALE_CHECK_INTERVAL_MS',
  'FLEET_LIVE_MIN_INTERVAL_MS',
  'CALL_SCORING_WAIT_MS',
  'CALL_SCORING_MAX_ATTEMPTS',
  'CALL_SCORING_CONCURRENCY',
  'SMTP_URL',
  'MAIL_FROM',
  'MAIL_MAX_ATTEMPTS',
  'MAIL_RETRY_INTERVAL_MS',
];
