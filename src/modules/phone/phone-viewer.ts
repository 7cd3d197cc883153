import type { AssistantChannel, Viewer } from '@/access/viewer';
import type { PhoneMember } from '@/modules/users/users.service';

/**
 * The viewer a phone caller acts as once their PIN was accepted: the member
 * with their role in the organization whose number was called or texted,
 * acting through `channel`. There is no session: the PIN login lasts as long
 * as the call (voice) or the unlock window (SMS), and is checked again there.
 */
export function phoneViewer(
  organizationId: string,
  member: Pick<PhoneMember, 'userId' | 'role'>,
  channel: Extract<AssistantChannel, 'voice' | 'sms'>,
): Viewer {
  return {
    kind: 'user',
    organizationId,
    role: member.role,
    userId: member.userId,
    sessionId: null,
    apiKeyId: null,
    expiresAt: null,
    channel,
  };
}
