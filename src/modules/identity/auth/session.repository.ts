import { Injectable } from '@nestjs/common';
import { Role } from '@/access/role';
import { NamedStatement, NamedStatements } from '@/database/named-statement';

/** The role of a live session's member; run on every authenticated request, so prepared once per connection. */
const LIVE_SESSION: NamedStatement = {
  name: 'auth.live-session',
  text: `SELECT m.role, s.expires_at AS "expiresAt"
           FROM session s
           JOIN membership m ON m.user_id = s.user_id AND m.organization_id = s.organization_id
          WHERE s.id = $1 AND s.user_id = $2 AND s.organization_id = $3
            AND s.revoked_at IS NULL AND s.expires_at > now()`,
};

/** A live session's member role and the session's expiry (see SessionRepository.findLive). */
export interface LiveSessionRow {
  role: Role;
  expiresAt: Date;
}

/**
 * The SQL of the authentication hot path: the session check of an access
 * token, outside any transaction, on a pooled connection.
 */
@Injectable()
export class SessionRepository {
  constructor(private readonly statements: NamedStatements) {}

  /**
   * The session `sessionId` of `userId` in `organizationId` if it is live
   * (not revoked, not expired) and its user is still a member there; null
   * otherwise.
   */
  async findLive(
    sessionId: string,
    userId: string,
    organizationId: string,
  ): Promise<LiveSessionRow | null> {
    const rows = await this.statements.runPooled<LiveSessionRow>(LIVE_SESSION, [
      sessionId,
      userId,
      organizationId,
    ]);
    return rows[0] ?? null;
  }
}
