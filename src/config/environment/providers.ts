import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';
import { toInteger, emptyToUndefined, URL_OPTIONS } from './transforms';

/** Third-party providers: Twilio, Google (calendar), Anthropic, Samsara, and their timeouts. */
export class ProviderVariables {
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'must look like AC followed by 32 hex digits' })
  TWILIO_ACCOUNT_SID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(128)
  TWILIO_AUTH_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  TWILIO_API_BASE_URL?: string;

  /** Twilio Conversational Intelligence service (GA…) that transcribes call recordings; unset: recordings are not transcribed. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^GA[0-9a-fA-F]{32}$/, { message: 'must look like GA followed by 32 hex digits' })
  TWILIO_INTELLIGENCE_SERVICE_SID?: string;

  /** Base URL of Twilio's Intelligence API (tests' fake, a proxy); the SDK's own when absent. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  TWILIO_INTELLIGENCE_BASE_URL?: string;

  /** Longest one request to Twilio's REST API may take (ms); a GraphQL caller is waiting. */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  TWILIO_TIMEOUT_MS = 10_000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  GOOGLE_REDIRECT_URI?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  GOOGLE_API_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  GOOGLE_OAUTH_BASE_URL?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1440)
  CALENDAR_SYNC_INTERVAL_MINUTES = 5;

  /** Longest one Google request (OAuth or Calendar) may take (ms) before the job retries. */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(300_000)
  GOOGLE_TIMEOUT_MS = 20_000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ANTHROPIC_API_KEY?: string;

  @IsString()
  ANTHROPIC_MODEL = 'claude-sonnet-5';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  ANTHROPIC_BASE_URL?: string;

  /**
   * Longest one Claude scoring request may take (ms) before the job retries.
   * 25 s: longer than the others (a judgement of many criteria takes several
   * seconds to tens of seconds) but short enough that a hung request is
   * retried within half a minute; raise it for very long transcripts.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  ANTHROPIC_TIMEOUT_MS = 25_000;

  /**
   * Prices (US dollars per million tokens) added to or replacing the
   * built-in table of src/modules/calls/scoring/pricing.ts, as JSON:
   * `{"claude-sonnet-5":{"input":3,"output":15,"cacheWrite":3.75,"cacheRead":0.3}}`.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  ANTHROPIC_PRICES?: string;

  @IsUrl(URL_OPTIONS)
  SAMSARA_API_BASE_URL = 'https://api.samsara.com';

  /** Longest one Samsara feed request may take (ms) before the poll backs off. */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(300_000)
  SAMSARA_TIMEOUT_MS = 20_000;
}
