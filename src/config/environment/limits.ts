import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Min } from 'class-validator';
import { toInteger } from './transforms';

/** Request and socket limits, rate limits and the proxies trusted for the client address. */
export class LimitVariables {
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size such as 100kb or 1mb' })
  HTTP_BODY_LIMIT = '512kb';

  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  WS_MAX_PAYLOAD_BYTES = 65536;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  WS_CONNECTION_INIT_TIMEOUT_MS = 10000;

  /** Concurrent subscriptions one graphql-ws socket may hold. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET = 50;

  /** Concurrent subscriptions one user (or API key) may hold over all its sockets on one instance. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  WS_MAX_SUBSCRIPTIONS_PER_USER = 200;

  /** Bytes a socket may have waiting to be sent before it is closed as a slow reader (1013). */
  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  WS_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

  /** GraphQL requests and graphql-ws operations per signed-in user or API key per minute. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_USER_PER_MINUTE = 600;

  /** GraphQL requests per client IP per minute, for callers without valid credentials. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_IP_PER_MINUTE = 1200;

  /**
   * Which proxies in front of the api to believe about the client address
   * (X-Forwarded-For): false (none), true (all), a hop count, or a
   * comma-separated list of addresses, subnets and loopback, linklocal,
   * uniquelocal (Express `trust proxy`).
   */
  @IsString()
  TRUST_PROXY = 'false';
}
