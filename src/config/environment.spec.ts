import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ENVIRONMENT_VARIABLE_NAMES,
  EnvironmentValidationError,
  parseTrustProxy,
  validateEnvironment,
} from './environment';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('validateEnvironment', () => {
  it('applies defaults to an empty environment', () => {
    const env = validateEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATABASE_RUN_MIGRATIONS).toBe(true);
    expect(env.GRAPHQL_MAX_DEPTH).toBeGreaterThan(2);
  });

  it('converts numbers and booleans from their string form', () => {
    const env = validateEnvironment({
      PORT: '8080',
      DATABASE_RUN_MIGRATIONS: 'false',
      GRAPHQL_INTROSPECTION: 'off',
    });
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_RUN_MIGRATIONS).toBe(false);
    expect(env.GRAPHQL_INTROSPECTION).toBe(false);
  });

  it('names every bad variable in one message', () => {
    let error: unknown;
    try {
      validateEnvironment({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'http://redis',
        LOG_LEVEL: 'loud',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvironmentValidationError);
    const message = (error as Error).message;
    expect(message).toMatch(/4 problems/);
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL'])
      expect(message).toContain(`${name}:`);
  });

  it('never prints a secret it rejects', () => {
    expect(() => validateEnvironment({ JWT_SECRET: 'short-secret-value' })).toThrow(
      /JWT_SECRET: .*\(got \(hidden\)\)/,
    );
    expect(() => validateEnvironment({ JWT_SECRET: 'short-secret-value' })).not.toThrow(
      /short-secret-value/,
    );
  });

  it('requires both halves of a provider credential', () => {
    expect(() => validateEnvironment({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toThrow(
      /TWILIO_AUTH_TOKEN: is required when TWILIO_ACCOUNT_SID is set/,
    );
    expect(() => validateEnvironment({ GOOGLE_CLIENT_SECRET: 'secret' })).toThrow(
      /GOOGLE_CLIENT_ID: is required/,
    );
  });

  it('refuses production without real secrets, a real database and SMTP', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET: is required when NODE_ENV=production[\s\S]*ENCRYPTION_KEY[\s\S]*DATABASE_URL[\s\S]*SMTP_URL/,
    );
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      ENCRYPTION_KEY: KEY,
      DATABASE_URL: 'postgresql://db/app',
    };
    expect(() => validateEnvironment(production)).toThrow(/SMTP_URL: is required/);
    expect(() =>
      validateEnvironment({ ...production, SMTP_URL: 'smtp://user:pass@mail.example:587' }),
    ).not.toThrow();
    expect(() => validateEnvironment({ SMTP_URL: 'http://mail.example' })).toThrow(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL \(got \(hidden\)\)/,
    );
  });

  it('reads OUTBOUND_ALLOWED_HOSTS outside production only', () => {
    expect(validateEnvironment({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1:45123' })).toMatchObject({
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1:45123',
    });
    expect(() => validateEnvironment({ OUTBOUND_ALLOWED_HOSTS: 'http://127.0.0.1:1' })).toThrow(
      /OUTBOUND_ALLOWED_HOSTS: "http:\/\/127.0.0.1:1" is not host\[:port\]/,
    );
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      ENCRYPTION_KEY: KEY,
      DATABASE_URL: 'postgresql://db/app',
      SMTP_URL: 'smtp://user:pass@mail.example:587',
    };
    expect(() =>
      validateEnvironment({ ...production, OUTBOUND_ALLOWED_HOSTS: '127.0.0.1:45123' }),
    ).toThrow(/OUTBOUND_ALLOWED_HOSTS: must be empty when NODE_ENV=production/);
    expect(() => validateEnvironment({ ...production, OUTBOUND_ALLOWED_HOSTS: '' })).not.toThrow();
  });

  it('treats an empty value as unset', () => {
    expect(
      validateEnvironment({ DATABASE_URL: '', GRAPHQL_INTROSPECTION: '' }).DATABASE_URL,
    ).toBeUndefined();
  });
});

describe('worker concurrency', () => {
  it('leaves the per-queue settings to WORKER_CONCURRENCY unless set', () => {
    const env = validateEnvironment({ WORKER_CONCURRENCY_NOTIFICATIONS: '' });
    expect(env.WORKER_CONCURRENCY).toBe(5);
    expect(env.WORKER_CONCURRENCY_FLEET_POLLING).toBeUndefined();
    expect(env.WORKER_CONCURRENCY_NOTIFICATIONS).toBeUndefined();
    expect(env.WORKER_CONCURRENCY_CALENDAR_SYNC).toBe(3);
    expect(validateEnvironment({ WORKER_CONCURRENCY_FLEET_POLLING: '12' })).toMatchObject({
      WORKER_CONCURRENCY_FLEET_POLLING: 12,
    });
  });

  it('refuses a concurrency out of range', () => {
    expect(() => validateEnvironment({ WORKER_CONCURRENCY: '0' })).toThrow(/WORKER_CONCURRENCY:/);
    expect(() => validateEnvironment({ WORKER_CONCURRENCY_NOTIFICATIONS: 'many' })).toThrow(
      /WORKER_CONCURRENCY_NOTIFICATIONS:/,
    );
    expect(() => validateEnvironment({ WORKER_CONCURRENCY_FLEET_POLLING: '101' })).toThrow(
      /WORKER_CONCURRENCY_FLEET_POLLING:/,
    );
  });

  it('keeps calendar-sync below the database pool, embedded or not', () => {
    expect(() => validateEnvironment({ WORKER_CONCURRENCY_CALENDAR_SYNC: '3' })).not.toThrow();
    expect(() => validateEnvironment({ WORKER_CONCURRENCY_CALENDAR_SYNC: '4' })).toThrow(
      /WORKER_CONCURRENCY_CALENDAR_SYNC: must be less than the database pool \(4 in embedded mode\)/,
    );
    const real = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/app' };
    expect(() =>
      validateEnvironment({
        ...real,
        DATABASE_POOL_SIZE: '10',
        WORKER_CONCURRENCY_CALENDAR_SYNC: '9',
      }),
    ).not.toThrow();
    expect(() =>
      validateEnvironment({
        ...real,
        DATABASE_POOL_SIZE: '10',
        WORKER_CONCURRENCY_CALENDAR_SYNC: '10',
      }),
    ).toThrow(/WORKER_CONCURRENCY_CALENDAR_SYNC: .*\(10, DATABASE_POOL_SIZE\)/);
  });
});

describe('TRUST_PROXY', () => {
  it('takes what Express `trust proxy` takes', () => {
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('loopback, 10.0.0.0/8, fd00::/8, 192.0.2.1')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.1',
    ]);
  });

  it('refuses anything else at start-up', () => {
    expect(() => validateEnvironment({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY:/);
    expect(() => validateEnvironment({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY:/);
    expect(validateEnvironment({}).TRUST_PROXY).toBe('false');
  });
});

describe('.env.example', () => {
  it('documents every variable the application reads', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const documented = new Set(
      [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]),
    );
    expect(ENVIRONMENT_VARIABLE_NAMES.filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => !ENVIRONMENT_VARIABLE_NAMES.includes(name))).toEqual(
      [],
    );
  });

  it('is itself a valid configuration', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const values = Object.fromEntries(
      [...example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((match) => [match[1], match[2]]),
    );
    expect(() => validateEnvironment(values)).not.toThrow();
  });
});

describe('provider timeouts', () => {
  it('has a default for every provider and refuses a connect timeout longer than the whole request', () => {
    expect(validateEnvironment({})).toMatchObject({
      ANTHROPIC_TIMEOUT_MS: 25_000,
      GOOGLE_TIMEOUT_MS: 20_000,
      SAMSARA_TIMEOUT_MS: 20_000,
      TWILIO_TIMEOUT_MS: 10_000,
      OUTBOUND_TIMEOUT_MS: 10_000,
      OUTBOUND_CONNECT_TIMEOUT_MS: 5_000,
      SMTP_TIMEOUT_MS: 10_000,
    });
    expect(() =>
      validateEnvironment({ OUTBOUND_TIMEOUT_MS: '2000', OUTBOUND_CONNECT_TIMEOUT_MS: '3000' }),
    ).toThrow(/OUTBOUND_CONNECT_TIMEOUT_MS: must not exceed OUTBOUND_TIMEOUT_MS \(2000\)/);
    expect(() => validateEnvironment({ ANTHROPIC_TIMEOUT_MS: '0' })).toThrow(
      /ANTHROPIC_TIMEOUT_MS/,
    );
  });
});
