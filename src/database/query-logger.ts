import { Logger as NestLogger } from '@nestjs/common';
import { Logger as TypeOrmLogger, QueryFailedError } from 'typeorm';

/**
 * PostgreSQL quotes the offending value in some messages
 * (`invalid input syntax for type uuid: "…"`); the quoted part is dropped.
 */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

/** A driver error's SQLSTATE and its message without quoted values. */
export function describeQueryError(error: unknown): { code?: string; message: string } {
  const driver = (error instanceof QueryFailedError ? error.driverError : error) as
    { code?: unknown; message?: unknown } | undefined;
  const code = typeof driver?.code === 'string' ? driver.code : undefined;
  const text = typeof driver?.message === 'string' ? driver.message : String(error);
  return { ...(code ? { code } : {}), message: text.replace(QUOTED, '"…"') };
}

/**
 * What a log line may say about a failed query: its SQL (placeholders only),
 * the SQLSTATE and the message without values. Never the parameters (they
 * carry tenants' data, passwords' hashes, tokens) nor the driver's `detail`
 * (`Key (email)=(…) already exists`).
 */
export function loggableQueryError(error: unknown): Record<string, unknown> {
  const described = describeQueryError(error);
  return {
    type: error instanceof Error ? error.name : typeof error,
    ...described,
    ...(error instanceof QueryFailedError ? { query: error.query } : {}),
  };
}

/**
 * TypeORM's logger, through Nest's: the SQL text only. TypeORM's own loggers
 * print every failed query's parameters; this one never prints a parameter.
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  constructor(private readonly everyQuery = false) {}

  logQuery(query: string): void {
    if (this.everyQuery) this.logger.debug(`query: ${query}`);
  }

  logQueryError(error: string | Error, query: string): void {
    const described = describeQueryError(error);
    this.logger.error(
      `query failed${described.code ? ` (${described.code})` : ''}: ${described.message} -- ${query}`,
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query}`);
  }

  logSchemaBuild(message: string): void {
    if (this.everyQuery) this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (level === 'warn') this.logger.warn(text);
    else if (this.everyQuery) this.logger.log(text);
  }
}
