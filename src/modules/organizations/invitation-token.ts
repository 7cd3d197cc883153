import { createHash, randomBytes } from 'node:crypto';

export const INVITATION_TTL_HOURS = 7 * 24;

/**
 * Only the SHA-256 of an invitation token is stored, so a database leak does
 * not hand out ways in. A plain hash (no salt, no argon2) is enough for 256
 * random bits and lets acceptance find the row by its hash.
 */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createInvitationToken(now: Date = new Date()): {
  token: string;
  tokenHash: string;
  expiresAt: Date;
} {
  const token = randomBytes(32).toString('base64url');
  return {
    token,
    tokenHash: hashInvitationToken(token),
    expiresAt: new Date(now.getTime() + INVITATION_TTL_HOURS * 3_600_000),
  };
}
