import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { databaseConfig } from '@/config/configuration';

/** A fixed statement run often enough that parsing and planning it each time shows. */
export interface NamedStatement {
  /** Unique per text in the process (a connection keeps one prepared statement per name). */
  name: string;
  text: string;
}

/**
 * Runs fixed statements (`NamedStatement`s) for the classes whose SQL is hot
 * enough that parsing and planning it each time shows.
 *
 * On real PostgreSQL each runs as a named prepared statement: PostgreSQL
 * parses and plans it once per pooled connection rather than on every call,
 * and the text is sent once. Embedded PostgreSQL (PGlite) is one session
 * behind its sockets, where the names of different connections would
 * collide: there (`prepared` false) each is a plain query. Errors are
 * TypeORM's QueryFailedError either way.
 *
 * Public API only: `QueryRunner.connect()` hands over the connection it
 * holds (for the postgres driver, node-postgres' client), and a prepared
 * statement is node-postgres' documented `{ name, text, values }` query.
 * The fleet, outbox and identity e2e specs run every statement that comes
 * through here on PostgreSQL, the embedded-mode spec on PGlite.
 */
@Injectable()
export class NamedStatements {
  /** Whether statements are prepared (real PostgreSQL) or plain (embedded PGlite). */
  readonly prepared: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY) database: Pick<ConfigType<typeof databaseConfig>, 'embedded'>,
  ) {
    this.prepared = !database.embedded;
  }

  /**
   * Runs `statement` on the connection of `manager` (inside its
   * transaction) and returns its rows, for any command (an UPDATE …
   * RETURNING's too, where `manager.query` would answer [rows, count]).
   */
  async run<R>(manager: EntityManager, statement: NamedStatement, values: unknown[]): Promise<R[]> {
    const runner = manager.queryRunner;
    if (!runner) throw new Error(`${statement.name}: needs a manager bound to a connection`);
    if (!this.prepared) return plain<R>(runner, statement, values);
    return named<R>((await runner.connect()) as PoolClient, statement, values);
  }

  /** `run` outside a transaction, on a connection of the pool (each connection plans it once). */
  async runPooled<R>(statement: NamedStatement, values: unknown[]): Promise<R[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      if (!this.prepared) return await plain<R>(runner, statement, values);
      return await named<R>((await runner.connect()) as PoolClient, statement, values);
    } finally {
      await runner.release();
    }
  }
}

async function plain<R>(
  runner: QueryRunner,
  statement: NamedStatement,
  values: unknown[],
): Promise<R[]> {
  const result = await runner.query(statement.text, values, true);
  return result.records as R[];
}

async function named<R>(
  client: PoolClient,
  statement: NamedStatement,
  values: unknown[],
): Promise<R[]> {
  try {
    const result = await client.query<R & object>({
      name: statement.name,
      text: statement.text,
      values,
    });
    return result.rows;
  } catch (error) {
    throw new QueryFailedError(statement.text, values, error as Error);
  }
}
