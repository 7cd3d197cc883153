import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks headers of one request. */
export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The `webhook-id` of a step of a run: the same on every attempt of that
 * step (a receiver deduplicates on it), different for every other step.
 */
export function webhookMessageId(runId: string, stepIndex: number): string {
  return `msg_${runId}_${stepIndex}`;
}

/**
 * Signs `payload` (the exact body bytes) per Standard Webhooks with every
 * secret given — during a rotation's overlap the new and the previous one —
 * as `v1,<base64 HMAC-SHA256>` signatures, space-separated, which a
 * receiver's `new Webhook(secret).verify(...)` accepts with either secret.
 */
export function signWebhook(
  secrets: readonly string[],
  id: string,
  timestamp: Date,
  payload: string,
): WebhookSignatureHeaders {
  if (secrets.length === 0) throw new Error('no secret to sign with');
  const signatures = secrets.map((secret) => new Webhook(secret).sign(id, timestamp, payload));
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
