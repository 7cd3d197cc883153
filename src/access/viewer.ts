import type { AutomationOriginRef } from '@/messaging/outbox/automation-trigger';
import type { Role } from './role';

/** The assistant's doors: a change made through one is recorded with it (audit, Task.source). */
export type AssistantChannel = 'assistant' | 'mcp' | 'voice' | 'sms';

/**
 * Who is calling, established by the auth guard from the access token or API
 * key — never from arguments. Every tenant-owned read and write is scoped to
 * `organizationId`.
 */
export interface Viewer {
  kind: 'user' | 'api-key';
  organizationId: string;
  role: Role;
  /** The person; null for an API key. */
  userId: string | null;
  sessionId: string | null;
  apiKeyId: string | null;
  /** When the credential stops being valid (access tokens); sockets close then. */
  expiresAt: Date | null;
  /** Set when the assistant acts for the caller (askAssistant, MCP, voice, SMS). */
  channel?: AssistantChannel;
  /**
   * Set when an automation run acts with its creator's rights (CREATE_TASK):
   * the write is recorded as the automation's (Task.source AUTOMATION), and
   * the events it causes carry this origin (loop and chain guards).
   */
  automationOrigin?: AutomationOriginRef;
}
