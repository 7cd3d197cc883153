import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitFor } from './ports';

/** bin/ of the newest PostgreSQL installed under /usr/lib/postgresql (or PG_BIN_DIR). */
export function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, versions[0], 'bin');
}

/**
 * A PostgreSQL cluster of the suite's own: initdb into a temporary directory,
 * trust authentication, a free port; stopped (fast or immediate) and started
 * again on the same port, so a long outage breaks nothing else on the
 * machine. initdb refuses to run as root, so as root every command runs as
 * the `postgres` user (runuser) in a directory it owns.
 */
export class PostgresCluster {
  private readonly bin = postgresBinDir();
  private readonly dataDir: string;
  private readonly asRoot = process.getuid?.() === 0;
  port = 0;

  constructor(private readonly dir: string) {
    this.dataDir = join(dir, 'pgdata');
  }

  url(database = 'postgres'): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private run(command: string, args: string[]): string {
    const file = join(this.bin, command);
    return this.asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8' })
      : execFileSync(file, args, { encoding: 'utf8' });
  }

  async init(): Promise<this> {
    mkdirSync(this.dir, { recursive: true });
    if (this.asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(this.dir, uid, gid);
    }
    this.run('initdb', [
      '-D',
      this.dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    this.port = await freePort();
    return this;
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      join(this.dir, 'postgres.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
    await waitFor(() => this.ready(), {
      timeoutMs: 30_000,
      what: 'PostgreSQL to accept connections',
    });
  }

  /** Stops the server: `fast` rolls back and disconnects; `immediate` is a crash (recovery on start). */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async ready(): Promise<true | undefined> {
    const client = new Client({ connectionString: this.url(), connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return undefined;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async createDatabase(name: string): Promise<string> {
    await this.query('postgres', `CREATE DATABASE "${name}"`);
    return this.url(name);
  }

  /** One statement on a fresh connection (survives restarts between calls). */
  async query<R = Record<string, any>>(
    database: string,
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    const client = new Client({
      connectionString: this.url(database),
      connectionTimeoutMillis: 5000,
    });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as R[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
