import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { toInteger, emptyToUndefined, URL_OPTIONS } from './transforms';

/** Fleet: geofences, Slack notifications, outbound requests, Samsara polling, retention. */
export class FleetVariables {
  @Transform(toInteger)
  @IsInt()
  @Min(4)
  GEOFENCE_MAX_VERTICES = 1000;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  GEOFENCE_MAX_RINGS = 20;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  GEOFENCE_MAX_PER_ORGANIZATION = 500;

  /** Where Slack webhook posts go; the stored URL's path is kept (tests, egress proxies). */
  @IsUrl(URL_OPTIONS)
  SLACK_WEBHOOK_BASE_URL = 'https://hooks.slack.com';

  /**
   * host[:port] pairs that outbound requests to user-supplied URLs may reach
   * whatever their address, over http too: local fakes in tests. Refused in
   * production.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OUTBOUND_ALLOWED_HOSTS?: string;

  /** Longest one request to a tenant-supplied URL (Slack webhooks) may take, connect to last byte (ms). */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  OUTBOUND_TIMEOUT_MS = 10_000;

  /** DNS lookup plus TCP and TLS handshakes of such a request (ms); at most OUTBOUND_TIMEOUT_MS. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(60_000)
  OUTBOUND_CONNECT_TIMEOUT_MS = 5_000;

  // Samsara asks for at least 5 s between feed calls that found nothing new.
  @Transform(toInteger)
  @IsInt()
  @Min(5000)
  @Max(3_600_000)
  SAMSARA_POLL_INTERVAL_MS = 10_000;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(36_500)
  FLEET_POSITION_RETENTION_DAYS = 90;

  @Transform(toInteger)
  @IsInt()
  @Min(60_000)
  @Max(86_400_000)
  FLEET_RETENTION_INTERVAL_MS = 3_600_000;

  @Transform(toInteger)
  @IsInt()
  @Min(200)
  @Max(3_600_000)
  FLEET_STALE_CHECK_INTERVAL_MS = 60_000;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60_000)
  FLEET_LIVE_MIN_INTERVAL_MS = 250;
}
