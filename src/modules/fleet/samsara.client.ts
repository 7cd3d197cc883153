import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Samsara, SamsaraClient, SamsaraError } from '@samsarahq/samsara';
import { samsaraConfig } from '@/config/configuration';

export type SamsaraFeedPage = Samsara.VehicleLocationsListResponse;

/** Why a feed call failed, as the poller acts on it. */
export type SamsaraFailure =
  | { kind: 'unauthorized'; message: string }
  | { kind: 'rate-limited'; retryAfterSeconds: number; message: string }
  | { kind: 'unavailable'; message: string };

export class SamsaraCallError extends Error {
  constructor(readonly failure: SamsaraFailure) {
    super(failure.message);
    this.name = 'SamsaraCallError';
  }
}

const MPH_TO_KPH = 1.609344;
export const mphToKph = (mph: number): number => mph * MPH_TO_KPH;

/** Retry-After is seconds or an HTTP date; absent or unreadable means a conservative default. */
export function retryAfterSeconds(value: string | null | undefined, fallback = 10): number {
  if (!value) return fallback;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : fallback;
}

/**
 * The Samsara API through the official SDK (@samsarahq/samsara), at
 * SAMSARA_API_BASE_URL. The SDK's own retries are off: the poller decides
 * (429 Retry-After, 5xx back-off, 401 stops), and failures come out as
 * SamsaraCallError.
 */
@Injectable()
export class SamsaraApi {
  constructor(
    @Inject(samsaraConfig.KEY) private readonly config: ConfigType<typeof samsaraConfig>,
  ) {}

  async locationsFeed(token: string, after: string | null): Promise<SamsaraFeedPage> {
    const client = new SamsaraClient({
      token,
      baseUrl: this.config.apiBaseUrl,
      maxRetries: 0,
      // A feed call past SAMSARA_TIMEOUT_MS is aborted: 'unavailable', the poll backs off.
      timeoutInSeconds: this.config.timeoutMs / 1000,
    });
    try {
      return await client.vehicleLocations.getVehicleLocationsFeed(after ? { after } : {});
    } catch (error) {
      if (error instanceof SamsaraError && error.statusCode !== undefined) {
        const status = error.statusCode;
        if (status === 401 || status === 403) {
          throw new SamsaraCallError({
            kind: 'unauthorized',
            message: `Samsara refused the API token (HTTP ${status})`,
          });
        }
        if (status === 429) {
          const seconds = retryAfterSeconds(error.rawResponse?.headers?.get('retry-after'));
          throw new SamsaraCallError({
            kind: 'rate-limited',
            retryAfterSeconds: seconds,
            message: `Samsara rate limit (HTTP 429), retry after ${seconds} s`,
          });
        }
        throw new SamsaraCallError({
          kind: 'unavailable',
          message: `Samsara answered HTTP ${status}`,
        });
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new SamsaraCallError({
        kind: 'unavailable',
        message: `Samsara unreachable: ${message}`,
      });
    }
  }
}
