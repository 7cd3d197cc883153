import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a consent URL's state stays valid. */
export const STATE_TTL_MS = 10 * 60_000;

/**
 * The cookie holding the browser's nonce: HttpOnly, SameSite=Lax (sent on
 * Google's top-level redirect back to us), scoped to the callback's path.
 */
export const STATE_COOKIE = 'sb_google_oauth';

export interface OAuthState {
  userId: string;
  organizationId: string;
}

export interface VerifiedState extends OAuthState {
  /** Unique per issued state: the callback consumes it once. */
  stateId: string;
  expiresAt: Date;
}

const sign = (key: string, body: string): string =>
  createHmac('sha256', key).update(`google-oauth-state.${body}`).digest('base64url');

const nonceHash = (nonce: string): string =>
  createHash('sha256').update(`google-oauth-nonce.${nonce}`).digest('base64url');

/** A fresh nonce for the browser's cookie. */
export const newNonce = (): string => randomBytes(24).toString('base64url');

/**
 * A signed, short-lived OAuth `state`: who asked (user and organization),
 * when it expires, its id (single use) and the hash of the nonce in the
 * initiating browser's cookie, HMAC-SHA256 signed. The callback trusts
 * nothing else to know whose calendar it is connecting, and accepts it only
 * from the browser holding the nonce.
 */
export function issueState(
  key: string,
  state: OAuthState,
  nonce: string,
  now = Date.now(),
): string {
  const body = Buffer.from(
    JSON.stringify({
      u: state.userId,
      o: state.organizationId,
      e: now + STATE_TTL_MS,
      n: randomBytes(16).toString('base64url'),
      b: nonceHash(nonce),
    }),
  ).toString('base64url');
  return `${body}.${sign(key, body)}`;
}

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * The state's content, or null when it is malformed, tampered with, expired,
 * or `nonce` (the callback's cookie) is not the one it was issued for.
 */
export function verifyState(
  key: string,
  token: string,
  nonce: string | undefined,
  now = Date.now(),
): VerifiedState | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  if (!sameText(sign(key, body), signature)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      u?: unknown;
      o?: unknown;
      e?: unknown;
      n?: unknown;
      b?: unknown;
    };
    if (typeof claims.u !== 'string' || typeof claims.o !== 'string') return null;
    if (typeof claims.e !== 'number' || claims.e < now) return null;
    if (typeof claims.n !== 'string' || typeof claims.b !== 'string') return null;
    if (!nonce || !sameText(nonceHash(nonce), claims.b)) return null;
    return {
      userId: claims.u,
      organizationId: claims.o,
      stateId: claims.n,
      expiresAt: new Date(claims.e),
    };
  } catch {
    return null;
  }
}

/** The value of cookie `name` in a Cookie header, if present. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

/** Where the nonce cookie is sent: the callback's routes only. */
export const STATE_COOKIE_PATH = '/oauth/google';

/**
 * The Set-Cookie value carrying `nonce` for the state's lifetime, or (with
 * null) clearing it. `Secure` when the server is reached over https.
 */
export function stateCookie(nonce: string | null, secure: boolean): string {
  const attributes = [
    `${STATE_COOKIE}=${nonce ?? ''}`,
    `Path=${STATE_COOKIE_PATH}`,
    `Max-Age=${nonce === null ? 0 : STATE_TTL_MS / 1000}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}
