import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { toInteger, emptyToUndefined, URL_OPTIONS } from './transforms';

/** The process itself: mode, HTTP listener, logging, data directory, CORS. */
export class AppVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  PUBLIC_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** `auto`: human-readable (pino-pretty) outside production when stdout is a terminal, JSON otherwise. */
  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  @IsString()
  DATA_DIR = '.data';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 15000;

  @IsString()
  CORS_ORIGINS = 'https://studio.apollographql.com,http://localhost:3000,http://localhost:5173';

  /** Operators' login for /admin/queues (HTTP Basic), with OPERATOR_PASSWORD; the dashboard is off unless a login or OPERATOR_TOKEN is set. */
  @Transform(emptyToUndefined)
  @ValidateIf(
    (env: AppVariables) =>
      env.OPERATOR_USERNAME !== undefined || env.OPERATOR_PASSWORD !== undefined,
  )
  @IsString({ message: 'must be set together with OPERATOR_PASSWORD' })
  @Matches(/^[^:]+$/, { message: 'must not contain ":"' })
  OPERATOR_USERNAME?: string;

  @Transform(emptyToUndefined)
  @ValidateIf(
    (env: AppVariables) =>
      env.OPERATOR_USERNAME !== undefined || env.OPERATOR_PASSWORD !== undefined,
  )
  @IsString({ message: 'must be set together with OPERATOR_USERNAME' })
  @MinLength(12, { message: 'must be at least 12 characters' })
  OPERATOR_PASSWORD?: string;

  /** A bearer token for /admin/queues (`Authorization: Bearer …`), for tools; at least 32 characters. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters' })
  OPERATOR_TOKEN?: string;
}
