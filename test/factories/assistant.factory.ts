import { Role } from '@/access/role';
import type { Viewer } from '@/access/viewer';
import type { ToolContext } from '@/modules/assistant/assistant-types';
import type { Account } from './identity.factory';

/** The viewer the access guard would make for `account`'s session, acting through the assistant. */
export const assistantViewerOf = (account: Account): Viewer => ({
  kind: 'user',
  organizationId: account.organizationId,
  role: Role[account.role],
  userId: account.userId,
  sessionId: account.sessionId,
  apiKeyId: null,
  expiresAt: null,
  channel: 'assistant',
});

/** A tool context for `account`, now, in `timeZone`. */
export const toolContextOf = (account: Account, timeZone = 'UTC'): ToolContext => ({
  viewer: assistantViewerOf(account),
  now: new Date(),
  timeZone,
});
