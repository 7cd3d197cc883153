import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { toBoolean, toInteger, emptyToUndefined } from './transforms';

/** Connections of the embedded database's pool (PGlite serves at most 8; src/database). */
export const EMBEDDED_DATABASE_POOL_SIZE = 4;

/** PostgreSQL: an external server (DATABASE_URL) or the embedded one. */
export class DatabaseVariables {
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_RUN_MIGRATIONS = true;

  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_LOGGING = false;

  /** Longest a statement may run (0: no limit); over it PostgreSQL cancels it (TIMEOUT). */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  DATABASE_STATEMENT_TIMEOUT_MS = 15000;

  /** A connection idle inside an open transaction longer than this is closed (0: never). */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30000;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_DB_PORT = 0;
}
