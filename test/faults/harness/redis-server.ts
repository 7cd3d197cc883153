import { ChildProcess, spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort, waitFor } from './ports';

/**
 * A redis-server process of the suite's own, on a free port, without
 * persistence (as docker-compose ran it before issue 16): `SHUTDOWN NOSAVE`
 * or SIGKILL loses everything, and `start()` again brings it back empty on
 * the same port. Never the shared 127.0.0.1:6379.
 */
export class RedisServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  port = 0;

  constructor(private readonly dir: string) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<this> {
    if (this.child) throw new Error('redis-server is already running');
    if (this.port === 0) this.port = await freePort();
    const log = openSync(join(this.dir, 'redis.log'), 'a');
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--dir',
        this.dir,
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        if (this.child === child) this.child = undefined;
        resolve();
      }),
    );
    await waitFor(() => this.ping(), { timeoutMs: 15_000, intervalMs: 100, what: 'redis-server' });
    return this;
  }

  /** PONG from the server, or undefined. */
  async ping(): Promise<true | undefined> {
    const client = this.client({ lazyConnect: true });
    try {
      await client.connect();
      return (await client.ping()) === 'PONG' ? true : undefined;
    } catch {
      return undefined;
    } finally {
      client.disconnect();
    }
  }

  /** `SHUTDOWN NOSAVE`: the server exits and everything it held is gone. */
  async shutdownNosave(): Promise<void> {
    const client = this.client();
    await client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    client.disconnect();
    await this.exited;
  }

  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** A client for the test's own checks (no retries: a down server is an error). */
  client(options: { lazyConnect?: boolean } = {}): Redis {
    return new Redis(this.url, {
      lazyConnect: options.lazyConnect ?? false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: !options.lazyConnect,
    });
  }
}
