import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { toInteger, emptyToUndefined } from './transforms';

/** Tokens, sessions, login throttling and the encryption key for secrets at rest. */
export class AuthVariables {
  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsString()
  JWT_ISSUER = 'switchboard';

  @IsString()
  JWT_AUDIENCE = 'switchboard-api';

  @Transform(toInteger)
  @IsInt()
  @Min(60)
  @Max(900)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_TOKEN_REUSE_GRACE_SECONDS = 5;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60_000)
  SESSION_CHECK_CACHE_MS = 5000;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_IP = 30;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_MINUTES = 15;

  /** register, verifyEmail and acceptInvite calls per client IP per LOGIN_WINDOW_MINUTES. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  PUBLIC_ACTIONS_MAX_PER_IP = 300;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 random bytes, base64-encoded' })
  ENCRYPTION_KEY?: string;
}
