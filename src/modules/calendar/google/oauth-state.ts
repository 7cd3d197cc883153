import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a consent URL's state stays valid. */
export const STATE_TTL_MS = 10 * 60_000;

export interface OAuthState {
  userId: string;
  organizationId: string;
}

const sign = (key: string, body: string): string =>
  createHmac('sha256', key).update(`google-oauth-state.${body}`).digest('base64url');

/**
 * A signed, short-lived OAuth `state`: who asked (user and organization),
 * when it expires and a nonce, HMAC-SHA256 signed. The callback trusts
 * nothing else to know whose calendar it is connecting.
 */
export function issueState(key: string, state: OAuthState, now = Date.now()): string {
  const body = Buffer.from(
    JSON.stringify({
      u: state.userId,
      o: state.organizationId,
      e: now + STATE_TTL_MS,
      n: randomBytes(12).toString('base64url'),
    }),
  ).toString('base64url');
  return `${body}.${sign(key, body)}`;
}

/** The state's content, or null when it is malformed, tampered with or expired. */
export function verifyState(key: string, token: string, now = Date.now()): OAuthState | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(key, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      u?: unknown;
      o?: unknown;
      e?: unknown;
    };
    if (typeof claims.u !== 'string' || typeof claims.o !== 'string') return null;
    if (typeof claims.e !== 'number' || claims.e < now) return null;
    return { userId: claims.u, organizationId: claims.o };
  } catch {
    return null;
  }
}
