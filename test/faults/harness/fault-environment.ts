import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpCatcher } from '../../utils/smtp-catcher';
import { AppProcess } from './app-process';
import { freePort } from './ports';
import { PostgresCluster } from './postgres-cluster';
import { RedisServer } from './redis-server';

export interface FaultEnvironmentOptions {
  /** Extra variables for every api and worker process (provider base URLs, intervals). */
  env?: Record<string, string>;
  /** How many api processes (default 1) and worker processes (default 1). */
  apis?: number;
  workers?: number;
  /** Api processes listen for Node's inspector (AppProcess.retainedMemory). */
  inspectApis?: boolean;
}

const DATABASE = 'switchboard';

/**
 * One spec's world: its own PostgreSQL cluster and Redis server, an SMTP
 * catcher, and api and worker child processes pointed at them (and at the
 * fakes whose URLs the spec passes in `env`). Everything lives in one
 * temporary directory, removed on `close()` unless FAULTS_KEEP=1 (the
 * processes' logs are there: <dir>/api-1.log, worker-1.log, redis.log,
 * postgres.log).
 */
export class FaultEnvironment {
  readonly dir: string;
  readonly postgres: PostgresCluster;
  readonly redis: RedisServer;
  readonly apis: AppProcess[] = [];
  readonly workers: AppProcess[] = [];
  readonly env: Record<string, string>;
  private smtp: { url: string; close(): Promise<void> } | undefined;

  private constructor(private readonly options: FaultEnvironmentOptions) {
    this.dir = mkdtempSync(join(tmpdir(), 'switchboard-faults-'));
    // PostgreSQL runs as another user (see PostgresCluster) and must reach its directory inside.
    chmodSync(this.dir, 0o755);
    this.postgres = new PostgresCluster(join(this.dir, 'pg'));
    mkdirSync(join(this.dir, 'redis'));
    this.redis = new RedisServer(join(this.dir, 'redis'));
    this.env = {};
  }

  static async start(options: FaultEnvironmentOptions = {}): Promise<FaultEnvironment> {
    const world = new FaultEnvironment(options);
    try {
      await world.boot();
    } catch (error) {
      await world.close();
      throw error;
    }
    return world;
  }

  get api(): AppProcess {
    return this.apis[0];
  }

  get worker(): AppProcess {
    return this.workers[0];
  }

  get databaseUrl(): string {
    return this.postgres.url(DATABASE);
  }

  /** The queues' Redis key prefix (BullMQ's is `<prefix>-bull`). */
  get bullPrefix(): string {
    return `${this.env.REDIS_KEY_PREFIX}-bull`;
  }

  private async boot(): Promise<void> {
    await this.postgres.init();
    await this.postgres.start();
    await this.postgres.createDatabase(DATABASE);
    await this.redis.start();
    this.smtp = await startSmtpCatcher(join(this.dir, 'mail'));
    Object.assign(this.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'info',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redis.url,
      REDIS_KEY_PREFIX: `sbf${randomBytes(3).toString('hex')}`,
      DATA_DIR: join(this.dir, 'data'),
      SMTP_URL: this.smtp.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      OUTBOX_POLL_INTERVAL_MS: '100',
      // Reconcilers look for lost messages after 10 s instead of 2 minutes (their run stays every minute).
      RECONCILE_GRACE_MS: '10000',
      PUBLIC_ACTIONS_MAX_PER_IP: '1000000',
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      ...this.options.env,
    });
    const env = (): Record<string, string> => ({ ...this.env });
    for (let i = 1; i <= (this.options.apis ?? 1); i++) {
      const inspectPort = this.options.inspectApis ? await freePort() : undefined;
      this.apis.push(
        new AppProcess('api', `api-${i}`, env, this.dir, await freePort(), inspectPort),
      );
    }
    for (let i = 1; i <= (this.options.workers ?? 1); i++) {
      this.workers.push(new AppProcess('worker', `worker-${i}`, env, this.dir));
    }
    // The first api runs the migrations (DATABASE_RUN_MIGRATIONS); the others start after it.
    for (const api of this.apis) await api.start();
    for (const worker of this.workers) await worker.start();
  }

  /** One statement against the suite's database, on a fresh connection. */
  query<R = Record<string, any>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.postgres.query<R>(DATABASE, sql, params);
  }

  /** Logs of every process, for a failing test's message. */
  describe(): string {
    return [...this.apis, ...this.workers]
      .map((app) => `--- ${app.name} (recent output) ---\n${app.recentOutput(3000)}`)
      .join('\n');
  }

  async close(): Promise<void> {
    for (const app of [...this.apis, ...this.workers]) await app.stop().catch(() => undefined);
    await this.smtp?.close().catch(() => undefined);
    if (this.redis.running) await this.redis.kill().catch(() => undefined);
    try {
      this.postgres.stop('immediate');
    } catch {
      // not running
    }
    if (process.env.FAULTS_KEEP !== '1') rmSync(this.dir, { recursive: true, force: true });
    else console.log(`fault environment kept in ${this.dir}`);
  }
}
