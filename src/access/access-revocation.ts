import type { Viewer } from './viewer';

/**
 * Pub/sub topic on which every api instance learns that credentials stopped
 * working, so it can close the WebSockets that used them and forget the
 * sessions it had checked. Any field present must match the viewer.
 */
export const ACCESS_REVOKED_TOPIC = 'identity.access-revoked';

/**
 * Pub/sub topic on which every api instance learns that a member's access
 * changed without being revoked (a new role): checked sessions of that
 * member are checked again. Sockets stay open.
 */
export const ACCESS_CHANGED_TOPIC = 'identity.access-changed';

export interface AccessRevocation {
  sessionIds?: string[];
  userId?: string;
  organizationId?: string;
  apiKeyId?: string;
}

/** Whether `revocation` names the viewer: at least one field, and every field present matches. */
export function revokes(
  revocation: AccessRevocation,
  viewer: Pick<Viewer, 'sessionId' | 'userId' | 'organizationId' | 'apiKeyId'>,
): boolean {
  const checks = [
    revocation.sessionIds === undefined ||
      (viewer.sessionId !== null && revocation.sessionIds.includes(viewer.sessionId)),
    revocation.userId === undefined || revocation.userId === viewer.userId,
    revocation.organizationId === undefined || revocation.organizationId === viewer.organizationId,
    revocation.apiKeyId === undefined || revocation.apiKeyId === viewer.apiKeyId,
  ];
  const named = Object.values(revocation).some((value) => value !== undefined);
  return named && checks.every(Boolean);
}
