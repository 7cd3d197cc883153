import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { calendar_v3, google } from 'googleapis';
import { googleConfig } from '@/config/configuration';

export const GOOGLE_SCOPES = ['openid', 'email', 'https://www.googleapis.com/auth/calendar.events'];

/**
 * Node's own fetch. gaxios otherwise imports node-fetch dynamically on first
 * use, which fails where dynamic import is unavailable (jest's VM) and adds
 * a second HTTP stack for nothing.
 */
const nativeFetch = globalThis.fetch.bind(globalThis);

type OAuth2Client = InstanceType<typeof google.auth.OAuth2>;

export interface ExchangedTokens {
  refreshToken: string | null;
  accountEmail: string | null;
}

/** How a failed Google call should be treated. */
export type GoogleFailure = 'auth' | 'gone' | 'not-found' | 'precondition' | 'transient' | 'other';

interface GaxiosLike {
  status?: number;
  code?: number | string;
  response?: { status?: number; data?: { error?: unknown } };
}

/** The HTTP status of what googleapis (gaxios) threw, if it got an answer. */
export function statusOf(error: unknown): number | undefined {
  const failure = error as GaxiosLike;
  return (
    failure.response?.status ??
    failure.status ??
    (typeof failure.code === 'number' ? failure.code : undefined)
  );
}

/** Reads the HTTP status and OAuth error out of what googleapis (gaxios) throws. */
export function classifyGoogleError(error: unknown): GoogleFailure {
  const failure = error as GaxiosLike;
  const status = statusOf(error);
  const oauthError = failure.response?.data?.error;
  if (oauthError === 'invalid_grant' || oauthError === 'unauthorized_client') return 'auth';
  if (status === 401) return 'auth';
  if (status === 410) return 'gone';
  if (status === 404) return 'not-found';
  if (status === 412) return 'precondition';
  if (status === 429 || (status !== undefined && status >= 500)) return 'transient';
  // No HTTP answer at all (connection refused, reset, timeout): try again later.
  if (status === undefined) return 'transient';
  return 'other';
}

/**
 * The Google APIs through the official `googleapis` SDK: the OAuth2 client
 * (consent URL, code exchange, revocation) and Calendar v3. Base URLs come
 * from GOOGLE_API_BASE_URL and GOOGLE_OAUTH_BASE_URL, so tests point the very
 * same code at a local fake. The SDK's own retries are off: the queue retries
 * with backoff, and a refused token must not be retried at all.
 */
@Injectable()
export class GoogleCalendarClient {
  constructor(@Inject(googleConfig.KEY) private readonly config: ConfigType<typeof googleConfig>) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  private oauth(): OAuth2Client {
    const base = this.config.oauthBaseUrl?.replace(/\/$/, '');
    return new google.auth.OAuth2({
      clientId: this.config.clientId,
      clientSecret: this.config.clientSecret,
      redirectUri: this.config.redirectUri,
      // Every request gives up after GOOGLE_TIMEOUT_MS, so one slow tenant cannot hold a worker.
      transporterOptions: {
        fetchImplementation: nativeFetch,
        timeout: this.config.timeoutMs,
        // The token requests ask gaxios for retries (3, and 2 more when no
        // answer comes): a hung endpoint would hold the job for three
        // timeouts. The queue retries instead, with the slot given back.
        retryConfig: { retry: 0 },
      },
      ...(base
        ? {
            endpoints: {
              oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`,
              oauth2TokenUrl: `${base}/token`,
              oauth2RevokeUrl: `${base}/revoke`,
            },
          }
        : {}),
    });
  }

  /** The consent page URL: offline access (a refresh token), consent forced so one is always issued. */
  consentUrl(state: string): string {
    return this.oauth().generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: true,
      scope: GOOGLE_SCOPES,
      state,
    });
  }

  /** Exchanges an authorization code; the account email comes from the ID token of that reply. */
  async exchange(code: string): Promise<ExchangedTokens> {
    const { tokens } = await this.oauth().getToken(code);
    return {
      refreshToken: tokens.refresh_token ?? null,
      accountEmail: emailOfIdToken(tokens.id_token),
    };
  }

  async revoke(refreshToken: string): Promise<void> {
    await this.oauth().revokeToken(refreshToken);
  }

  /** Calendar v3 acting with a refresh token (access tokens are fetched and refreshed by the SDK). */
  calendar(refreshToken: string): calendar_v3.Calendar {
    const auth = this.oauth();
    auth.setCredentials({ refresh_token: refreshToken });
    const base = this.config.apiBaseUrl?.replace(/\/$/, '');
    return google.calendar({
      version: 'v3',
      auth,
      retry: false,
      timeout: this.config.timeoutMs,
      fetchImplementation: nativeFetch,
      ...(base ? { rootUrl: `${base}/` } : {}),
    });
  }
}

/**
 * The `email` claim of an ID token received straight from the token endpoint
 * over TLS (OpenID Connect Core 3.1.3.7 lets such a token go unverified).
 */
function emailOfIdToken(idToken: string | null | undefined): string | null {
  const payload = idToken?.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      email?: unknown;
    };
    return typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
  } catch {
    return null;
  }
}
