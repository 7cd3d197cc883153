import { Injectable } from '@nestjs/common';
import { LiveSessions } from '@/access/live-sessions';
import { Viewer } from '@/access/viewer';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys.service';
import { SessionRepository } from './session.repository';
import { AccessClaims, TokensService } from './tokens.service';

/** `Bearer <token>` → the token; anything else → null. */
export function bearerToken(authorization: unknown): string | null {
  if (typeof authorization !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  return match ? match[1] : null;
}

/**
 * Turns a credential (access token or API key) into a Viewer. An access
 * token is honoured only while its session is live and its user is still a
 * member of its organization: one indexed query, whose answer serves the
 * session's next requests on this instance for SESSION_CHECK_CACHE_MS
 * (LiveSessions). Logout, session revocation, member removal and role
 * changes drop that answer when they commit, so they take effect at once.
 */
@Injectable()
export class AuthenticationService {
  constructor(
    private readonly tokens: TokensService,
    private readonly apiKeys: ApiKeysService,
    private readonly liveSessions: LiveSessions,
    private readonly sessions: SessionRepository,
  ) {}

  async authenticate(authorization: unknown): Promise<Viewer | null> {
    const token = bearerToken(authorization);
    if (!token) return null;
    if (token.startsWith(API_KEY_PREFIX)) return this.apiKeys.authenticate(token);
    let claims: AccessClaims;
    try {
      claims = await this.tokens.verifyAccessToken(token);
    } catch {
      return null;
    }
    return this.viewerFromClaims(claims);
  }

  /** Claims already verified (signature, algorithm, issuer, audience, expiry) → live viewer or null. */
  async viewerFromClaims(claims: AccessClaims): Promise<Viewer | null> {
    if (!claims.sub || !claims.org || !claims.sid) return null;
    let role = this.liveSessions.role(claims.sid, claims.sub, claims.org);
    if (role === undefined) {
      const started = this.liveSessions.startCheck();
      const session = await this.sessions.findLive(claims.sid, claims.sub, claims.org);
      if (!session) return null;
      role = session.role;
      this.liveSessions.remember(started, claims.sid, {
        userId: claims.sub,
        organizationId: claims.org,
        role,
        expiresAt: session.expiresAt,
      });
    }
    return {
      kind: 'user',
      organizationId: claims.org,
      role,
      userId: claims.sub,
      sessionId: claims.sid,
      apiKeyId: null,
      expiresAt: new Date(claims.exp * 1000),
    };
  }
}
