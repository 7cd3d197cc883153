/**
 * Pub/sub topic on which every api instance learns that credentials stopped
 * working, so it can close the WebSockets that used them. Any field present
 * must match the socket's viewer.
 */
export const ACCESS_REVOKED_TOPIC = 'identity.access-revoked';

export interface AccessRevocation {
  sessionIds?: string[];
  userId?: string;
  organizationId?: string;
  apiKeyId?: string;
}
