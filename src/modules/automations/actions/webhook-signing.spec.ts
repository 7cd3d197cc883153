import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newWebhookSecret } from '../webhooks/automation-webhook-secrets.service';
import { signWebhook, webhookMessageId } from './webhook-signing';
import { webhookPayload } from './webhook.action';

const RUN = '8a0f1b8e-7d7c-4a53-9d2e-3f3f1a2b4c5d';

describe('webhook signing', () => {
  const payload = JSON.stringify({ type: 'automation.task_created', data: { a: 1 } });

  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('keeps webhook-id stable per run and step', () => {
    expect(webhookMessageId(RUN, 1)).toBe(webhookMessageId(RUN, 1));
    expect(webhookMessageId(RUN, 1)).not.toBe(webhookMessageId(RUN, 2));
  });

  it('signs so that Standard Webhooks verifies it', () => {
    const secret = newWebhookSecret();
    const headers = signWebhook([secret], webhookMessageId(RUN, 0), new Date(), payload);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(payload, { ...headers })).toEqual(JSON.parse(payload));
  });

  it('refuses a tampered body, another secret and an old timestamp', () => {
    const secret = newWebhookSecret();
    const headers = signWebhook([secret], 'msg_1', new Date(), payload);
    expect(() => new Webhook(secret).verify(`${payload} `, { ...headers })).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(newWebhookSecret()).verify(payload, { ...headers })).toThrow(
      WebhookVerificationError,
    );
    const stale = signWebhook([secret], 'msg_1', new Date(Date.now() - 10 * 60_000), payload);
    expect(() => new Webhook(secret).verify(payload, { ...stale })).toThrow(/too old/i);
  });

  it('during an overlap signs with both secrets, each verifying alone', () => {
    const current = newWebhookSecret();
    const previous = newWebhookSecret();
    const headers = signWebhook([current, previous], 'msg_2', new Date(), payload);
    const signatures = headers['webhook-signature'].split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((signature) => signature.startsWith('v1,'))).toBe(true);
    expect(new Webhook(current).verify(payload, { ...headers })).toBeTruthy();
    expect(new Webhook(previous).verify(payload, { ...headers })).toBeTruthy();
    expect(() => new Webhook(newWebhookSecret()).verify(payload, { ...headers })).toThrow();
  });

  it('refuses to sign without a secret', () => {
    expect(() => signWebhook([], 'msg_3', new Date(), payload)).toThrow();
  });
});

describe('webhookPayload', () => {
  it('has the documented shape, with the step body rendered into data', () => {
    const event = { task: { title: 'Call back', priority: 'HIGH' } };
    const payload = webhookPayload(
      'TASK_CREATED',
      'automation-1',
      RUN,
      event,
      { summary: 'New: {{task.title}}', nested: { level: '{{task.priority}}', n: 3 } },
      new Date('2026-12-07T02:00:00.000Z'),
    );
    expect(payload).toEqual({
      type: 'automation.task_created',
      timestamp: '2026-12-07T02:00:00.000Z',
      data: {
        automationId: 'automation-1',
        runId: RUN,
        event,
        summary: 'New: Call back',
        nested: { level: 'HIGH', n: 3 },
      },
    });
  });
});
