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
    // Named prepared statements (src/database/named-statement.ts) go to the
    // connection's pg client as `{ name, text, values }`, past runner.query.
    const connect = runner.connect.bind(runner);
    runner.connect = async () => {
      const client = (await connect()) as { query: (...all: unknown[]) => unknown };
      return new Proxy(client, {
        get(target, property, receiver) {
          if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
          return (config: unknown, ...rest: unknown[]) => {
            if (typeof config === 'object' && config !== null && 'name' in config) {
              statements.push((config as unknown as { text: string }).text);
            }
            return target.query(config, ...rest);
          };
        },
      });
    };
    return runner;
  };
  try {
    await work();
  } finally {
    dataSource.createQueryRunner = original;
  }
  return statements;
}
