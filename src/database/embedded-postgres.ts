import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serialiseExtendedProtocol } from './pglite-protocol-queue';

/**
 * An in-process PostgreSQL (PGlite) served over the Postgres wire protocol so
 * that TypeORM and BullMQ use their ordinary `pg` driver and the same
 * migrations as in production. For trying Switchboard on a bare machine only.
 *
 * PGlite is a single session: pglite-socket interleaves its connections query
 * by query and holds the others back while one is inside a transaction. Pools
 * must fit within `maxConnections` (extra connections are refused, not
 * queued), and code must never wait on a second connection while holding a
 * transaction open on the first.
 */
export class EmbeddedPostgres {
  private static readonly instances = new Map<string, Promise<EmbeddedPostgres>>();

  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly connectionString: string,
    private readonly key: string,
  ) {}

  /** One server per data directory per process, shared by everyone who asks. */
  static start(options: {
    dataDir: string;
    name: string;
    port?: number;
    maxConnections: number;
  }): Promise<EmbeddedPostgres> {
    const directory = join(options.dataDir, options.name);
    const existing = EmbeddedPostgres.instances.get(directory);
    if (existing) return existing;
    const starting = EmbeddedPostgres.boot(directory, options.port ?? 0, options.maxConnections);
    EmbeddedPostgres.instances.set(directory, starting);
    starting.catch(() => EmbeddedPostgres.instances.delete(directory));
    return starting;
  }

  private static async boot(
    directory: string,
    port: number,
    maxConnections: number,
  ): Promise<EmbeddedPostgres> {
    mkdirSync(directory, { recursive: true });
    const db = await PGlite.create(directory);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
    serialiseExtendedProtocol(server);
    await server.start();
    const address = server.getServerConn();
    return new EmbeddedPostgres(db, server, `postgresql://postgres@${address}/postgres`, directory);
  }

  async stop(): Promise<void> {
    EmbeddedPostgres.instances.delete(this.key);
    await this.server.stop();
    await this.db.close();
  }

  static async stopAll(): Promise<void> {
    const all = [...EmbeddedPostgres.instances.values()];
    EmbeddedPostgres.instances.clear();
    for (const starting of all) {
      const instance = await starting.catch(() => undefined);
      if (instance) await instance.stop();
    }
  }
}
