import { DataSource, QueryRunner } from 'typeorm';

/**
 * Counts the SQL statements the app's DataSource sends while `work` runs.
 * Every query of TypeORM (finds, query builders, raw queries) goes through a
 * query runner the DataSource creates, so wrapping `createQueryRunner`
 * catches them all.
 */
export async function recordStatements(
  dataSource: DataSource,
  work: () => Promise<void>,
): Promise<string[]> {
  const statements: string[] = [];
  const original = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (
    ...args: Parameters<DataSource['createQueryRunner']>
  ): QueryRunner => {
    const runner = original(...args);
    const query = runner.query.bind(runner);
    runner.query = ((sql: string, ...rest: unknown[]) => {
      statements.push(sql);
      return (query as (...all: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as QueryRunner['query'];
    return runner;
  };
  try {
    await work();
  } finally {
    dataSource.createQueryRunner = original;
  }
  return statements;
}
