import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';

/** A fixed statement run often enough that parsing and planning it each time shows. */
export interface NamedStatement {
  /** Unique per text in the process (a connection keeps one prepared statement per name). */
  name: string;
  text: string;
}

/**
 * Runs `statement` on the connection of `manager` (inside its transaction)
 * and returns its rows, for any command (an UPDATE … RETURNING's too, where
 * `manager.query` would answer [rows, count]).
 *
 * With `prepared` (real PostgreSQL), as a named prepared statement:
 * PostgreSQL parses and plans it once per pooled connection rather than on
 * every call, and the text is sent once. Embedded PostgreSQL (PGlite) is one
 * session behind its sockets, where the names of different connections
 * would collide: there it is a plain query. Errors are TypeORM's
 * QueryFailedError either way.
 *
 * Public API only: `QueryRunner.connect()` hands over the connection it
 * holds (for the postgres driver, node-postgres' client), and a prepared
 * statement is node-postgres' documented `{ name, text, values }` query.
 * The fleet, outbox and identity e2e specs run every statement that comes
 * through here on PostgreSQL.
 */
export async function runStatement<R>(
  manager: EntityManager,
  prepared: boolean,
  statement: NamedStatement,
  values: unknown[],
): Promise<R[]> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error(`${statement.name}: needs a manager bound to a connection`);
  if (!prepared) return plain<R>(runner, statement, values);
  return named<R>((await runner.connect()) as PoolClient, statement, values);
}

/**
 * `runStatement` outside a transaction, on a connection of the pool (a
 * named prepared statement there too, so each connection plans it once).
 */
export async function runPooledStatement<R>(
  dataSource: DataSource,
  prepared: boolean,
  statement: NamedStatement,
  values: unknown[],
): Promise<R[]> {
  const runner = dataSource.createQueryRunner();
  try {
    if (!prepared) return await plain<R>(runner, statement, values);
    return await named<R>((await runner.connect()) as PoolClient, statement, values);
  } finally {
    await runner.release();
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
