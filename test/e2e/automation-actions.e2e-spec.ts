import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { StepExecution, StepOutcome } from '@/modules/automations/action-executor';
import { ActionRegistry } from '@/modules/automations/action-registry';
import { AutomationAction } from '@/modules/automations/automation.enums';
import { phoneNumber } from '../factories/calls.factory';
import { UPDATE_FLEET_SETTINGS } from '../factories/fleet.factory';
import {
  addMemberWithRole,
  gqlError,
  gqlOk,
  registerUser,
  suffix,
} from '../factories/identity.factory';
import { PhoneOrganization, phoneOrganization } from '../factories/phone.factory';
import { smsEnv, startSmsTwilio, textTo } from '../factories/sms.factory';
import { FakeSlack } from '../fakes/slack.fake';
import { FakeTwilio } from '../fakes/twilio.fake';
import { eventually, startApi, TestApp } from '../utils/test-app';

/*
 * The outbound actions driven through the application's own ActionRegistry
 * (the api with its worker, as `npm start` runs): CALL_WEBHOOK against a
 * local receiver that the outbound guard lets through (OUTBOUND_ALLOWED_HOSTS,
 * as the Slack fake), its requests verified with `standardwebhooks`;
 * NOTIFY_SLACK against the Slack fake; SEND_SMS through TwilioMessenger to
 * the fake Twilio, opt-outs honoured. The trigger → run path is the
 * automation runs spec's.
 */

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver: records every request, answers from a queue (default 204). */
class Receiver {
  private server: Server | undefined;
  readonly requests: Received[] = [];
  readonly answers: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [];
  url = '';
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        this.requests.push({ path: request.url ?? '/', headers: request.headers, body });
        const answer = this.answers.shift() ?? { status: 204 };
        response.writeHead(answer.status, answer.headers ?? {});
        response.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  to(path: string): Received[] {
    return this.requests.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const ROTATE = `mutation ($automationId: ID!) {
  rotateAutomationWebhookSecret(automationId: $automationId) { secret previousValidUntil }
}`;

type Failure = Extract<StepOutcome, { ok: false }>;

describe('automation actions (NOTIFY_SLACK, SEND_SMS, CALL_WEBHOOK)', () => {
  let api: TestApp;
  let slack: FakeSlack;
  let twilio: FakeTwilio;
  let receiver: Receiver;
  let registry: ActionRegistry;
  let org: PhoneOrganization;
  let automationId: string;

  const query = <T = any>(sql: string, params: unknown[] = []): Promise<T[]> =>
    api.dataSource.query(sql, params);

  /** An automation row of `organizationId` (the definitions API is another spec's). */
  async function automation(organizationId: string, userId: string, trigger = 'TASK_CREATED') {
    const [row] = await query<{ id: string }>(
      `INSERT INTO automation (organization_id, name, trigger, actions, created_by_user_id)
       VALUES ($1, $2, $3, '[]', $4) RETURNING id`,
      [organizationId, `automation ${suffix()}`, trigger, userId],
    );
    return row.id;
  }

  function execution(
    config: Record<string, unknown>,
    overrides: Partial<StepExecution> = {},
  ): StepExecution {
    const runId = randomUUID();
    return {
      organizationId: org.owner.organizationId,
      automationId,
      runId,
      stepIndex: 0,
      attempt: 1,
      origin: { automationId, runId, depth: 1 },
      actorUserId: org.owner.userId,
      config,
      event: {
        task: { id: randomUUID(), title: 'Call the Hendersons back', priority: 'HIGH' },
      },
      ...overrides,
    };
  }

  const perform = (action: AutomationAction, run: StepExecution) =>
    registry.get(action).perform(run);
  const failed = (outcome: StepOutcome): Failure => {
    if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
    return outcome;
  };
  const rotate = async (id = automationId, token = org.owner.accessToken) =>
    (
      await gqlOk<{
        rotateAutomationWebhookSecret: { secret: string; previousValidUntil: string | null };
      }>(api, ROTATE, { automationId: id }, token)
    ).rotateAutomationWebhookSecret;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    receiver = await new Receiver().start();
    twilio = await startSmsTwilio();
    api = await startApi({
      withWorker: true,
      env: smsEnv(twilio, {
        SLACK_WEBHOOK_BASE_URL: slack.url,
        OUTBOUND_ALLOWED_HOSTS: `${process.env.OUTBOUND_ALLOWED_HOSTS},127.0.0.1:${receiver.port}`,
        AUTOMATION_WEBHOOK_SECRET_OVERLAP_HOURS: '2',
      }),
    });
    registry = api.app.get(ActionRegistry);
    org = await phoneOrganization(api, { agent: ['AGENT', '4826'] });
    automationId = await automation(org.owner.organizationId, org.owner.userId);
  });
  afterAll(async () => {
    await api?.close();
    await Promise.all([slack?.stop(), receiver?.stop(), twilio?.stop()]);
  });

  describe('webhook signing secrets', () => {
    it('refuses an agent, and answers NOT_FOUND for another organization’s automation', async () => {
      const agent = await gqlError(api, ROTATE, { automationId }, org.members.agent.accessToken);
      expect(agent.code).toBe('FORBIDDEN');
      const other = await registerUser(api);
      const foreign = await gqlError(api, ROTATE, { automationId }, other.accessToken);
      expect(foreign.code).toBe('NOT_FOUND');
      expect(
        await query('SELECT 1 FROM automation_webhook_secret WHERE automation_id = $1', [
          automationId,
        ]),
      ).toEqual([]);
    });

    it('fails a webhook readably, and final, before the automation has a secret', async () => {
      const run = execution({ url: `${receiver.url}/no-secret` });
      const outcome = failed(await perform(AutomationAction.CALL_WEBHOOK, run));
      expect(outcome.retryable).toBe(false);
      expect(outcome.error).toMatch(/no webhook signing secret/);
      expect(receiver.to('/no-secret')).toHaveLength(0);
    });

    it('creates a whsec_ secret on the first call, stores it sealed and audits it', async () => {
      const first = await rotate();
      expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(first.previousValidUntil).toBeNull();
      const rows = await query('SELECT * FROM automation_webhook_secret WHERE automation_id = $1', [
        automationId,
      ]);
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(first.secret.slice(6));
      const audit = await query(
        `SELECT * FROM audit_entry WHERE organization_id = $1 AND entity_id = $2`,
        [org.owner.organizationId, automationId],
      );
      expect(audit.map((entry) => entry.action)).toEqual(['automation.webhook_secret_created']);
      expect(JSON.stringify(audit)).not.toContain(first.secret.slice(6));
    });
  });

  describe('CALL_WEBHOOK', () => {
    let secret: string;
    /** The newest secret, once the rotation test rotated it. */
    const latest = { secret: '' };

    beforeAll(async () => {
      secret = (await rotate()).secret;
    });

    it('POSTs the documented JSON, signed per Standard Webhooks, with a webhook-id stable across attempts', async () => {
      const run = execution({
        url: `${receiver.url}/hook?token=abc`,
        body: { summary: 'New task: {{task.title}}', level: { priority: '{{task.priority}}' } },
      });
      const outcome = await perform(AutomationAction.CALL_WEBHOOK, run);
      expect(outcome).toEqual({
        ok: true,
        output: { status: 204, webhookId: `msg_${run.runId}_0` },
      });
      const [request] = receiver.to('/hook?token=abc');
      expect(request.headers['content-type']).toBe('application/json');
      const verified = new Webhook(secret).verify(request.body, {
        'webhook-id': request.headers['webhook-id'] as string,
        'webhook-timestamp': request.headers['webhook-timestamp'] as string,
        'webhook-signature': request.headers['webhook-signature'] as string,
      });
      expect(verified).toEqual({
        type: 'automation.task_created',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        data: {
          automationId,
          runId: run.runId,
          event: run.event,
          summary: 'New task: Call the Hendersons back',
          level: { priority: 'HIGH' },
        },
      });
      // A retry of the same step of the same run: the same id; another step: another id.
      await perform(AutomationAction.CALL_WEBHOOK, { ...run, attempt: 2 });
      await perform(AutomationAction.CALL_WEBHOOK, { ...run, stepIndex: 1 });
      const ids = receiver.to('/hook?token=abc').map((one) => one.headers['webhook-id']);
      expect(ids).toEqual([`msg_${run.runId}_0`, `msg_${run.runId}_0`, `msg_${run.runId}_1`]);
    });

    it('a forged or altered request does not verify', async () => {
      const [request] = receiver.to('/hook?token=abc');
      const headers = {
        'webhook-id': request.headers['webhook-id'] as string,
        'webhook-timestamp': request.headers['webhook-timestamp'] as string,
        'webhook-signature': request.headers['webhook-signature'] as string,
      };
      expect(() =>
        new Webhook(secret).verify(request.body.replace('HIGH', 'LOW'), headers),
      ).toThrow();
      const stranger = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
      expect(() => new Webhook(stranger).verify(request.body, headers)).toThrow();
    });

    it('after a rotation signs with both secrets until the overlap ends, then with the new one only', async () => {
      const before = Date.now();
      const rotated = await rotate();
      expect(rotated.secret).not.toBe(secret);
      const until = new Date(rotated.previousValidUntil!).getTime();
      expect(until - before).toBeGreaterThanOrEqual(2 * 3_600_000 - 1000);
      expect(until - before).toBeLessThan(2 * 3_600_000 + 60_000);

      const run = execution({ url: `${receiver.url}/overlap` });
      expect((await perform(AutomationAction.CALL_WEBHOOK, run)).ok).toBe(true);
      const [request] = receiver.to('/overlap');
      const headers = {
        'webhook-id': request.headers['webhook-id'] as string,
        'webhook-timestamp': request.headers['webhook-timestamp'] as string,
        'webhook-signature': request.headers['webhook-signature'] as string,
      };
      expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
      expect(new Webhook(rotated.secret).verify(request.body, headers)).toBeTruthy();
      expect(new Webhook(secret).verify(request.body, headers)).toBeTruthy();

      // The overlap over: the old secret no longer signs.
      await query(
        `UPDATE automation_webhook_secret SET previous_valid_until = now() - interval '1 second' WHERE automation_id = $1`,
        [automationId],
      );
      await perform(AutomationAction.CALL_WEBHOOK, execution({ url: `${receiver.url}/after` }));
      const [after] = receiver.to('/after');
      const afterHeaders = {
        'webhook-id': after.headers['webhook-id'] as string,
        'webhook-timestamp': after.headers['webhook-timestamp'] as string,
        'webhook-signature': after.headers['webhook-signature'] as string,
      };
      expect(afterHeaders['webhook-signature'].split(' ')).toHaveLength(1);
      expect(new Webhook(rotated.secret).verify(after.body, afterHeaders)).toBeTruthy();
      expect(() => new Webhook(secret).verify(after.body, afterHeaders)).toThrow();
      latest.secret = rotated.secret;
    });

    it('classifies 429 with Retry-After (seconds, or an HTTP date) as retryable after that delay', async () => {
      receiver.answers.push({ status: 429, headers: { 'retry-after': '7' }, body: 'slow down' });
      const seconds = failed(
        await perform(AutomationAction.CALL_WEBHOOK, execution({ url: `${receiver.url}/busy` })),
      );
      expect(seconds).toEqual({
        ok: false,
        retryable: true,
        retryAfterMs: 7000,
        error: `${receiver.url} answered 429: slow down`,
      });
      const at = new Date(Date.now() + 90_000).toUTCString();
      receiver.answers.push({ status: 429, headers: { 'retry-after': at } });
      const dated = failed(
        await perform(AutomationAction.CALL_WEBHOOK, execution({ url: `${receiver.url}/busy` })),
      );
      expect(dated.retryable).toBe(true);
      expect(dated.retryAfterMs).toBeGreaterThan(80_000);
      expect(dated.retryAfterMs).toBeLessThanOrEqual(90_000);
    });

    it('classifies 503 as retryable and 400 as final', async () => {
      receiver.answers.push({ status: 503 });
      const unavailable = failed(
        await perform(AutomationAction.CALL_WEBHOOK, execution({ url: `${receiver.url}/flaky` })),
      );
      expect(unavailable).toMatchObject({ retryable: true });
      expect(unavailable.retryAfterMs).toBeUndefined();
      receiver.answers.push({ status: 400, body: '{"error":"unknown type"}' });
      const bad = failed(
        await perform(AutomationAction.CALL_WEBHOOK, execution({ url: `${receiver.url}/strict` })),
      );
      expect(bad).toEqual({
        ok: false,
        retryable: false,
        error: `${receiver.url} answered 400: {"error":"unknown type"} (not retried)`,
      });
    });

    it('refuses a redirect without following it', async () => {
      receiver.answers.push({ status: 302, headers: { location: `${receiver.url}/elsewhere` } });
      const outcome = failed(
        await perform(AutomationAction.CALL_WEBHOOK, execution({ url: `${receiver.url}/moved` })),
      );
      expect(outcome.retryable).toBe(false);
      expect(outcome.error).toMatch(/refused: .*302: redirects are not followed/);
      expect(receiver.to('/elsewhere')).toHaveLength(0);
    });

    it('refuses a private address: at validation for a literal, at connect time for a name', async () => {
      const executor = registry.get(AutomationAction.CALL_WEBHOOK);
      expect(
        await executor.validate(org.owner.organizationId, { url: 'https://10.1.2.3/hook' }),
      ).toEqual([{ path: 'url', message: expect.stringMatching(/not a destination .*private/) }]);
      const literal = failed(
        await executor.perform(execution({ url: 'https://169.254.169.254/latest/meta-data' })),
      );
      expect(literal).toMatchObject({ retryable: false });
      expect(literal.error).toMatch(/refused: .*not a public one/);
      // `localhost` passes validation (a name) but resolves to a loopback address.
      const named = failed(
        await executor.perform(execution({ url: `https://localhost:${receiver.port}/hook` })),
      );
      expect(named.retryable).toBe(false);
      expect(named.error).toMatch(/refused: localhost .*loopback/);
      // Plain http to a host the guard does not allow.
      const plain = failed(await executor.perform(execution({ url: 'http://example.com/hook' })));
      expect(plain).toMatchObject({ retryable: false });
      expect(plain.error).toMatch(/only https is allowed/);
    });

    it('validates its config with paths, and renders a dry run without any secret', async () => {
      const executor = registry.get(AutomationAction.CALL_WEBHOOK);
      expect(await executor.validate(org.owner.organizationId, {})).toEqual([
        { path: 'url', message: 'is required' },
      ]);
      const problems = await executor.validate(org.owner.organizationId, {
        url: 'ftp://example.com/x',
        body: { event: 'mine', ok: '{{task.title}}' },
        headers: {},
      });
      expect(problems.map((problem) => problem.path).sort()).toEqual([
        'body.event',
        'headers',
        'url',
      ]);
      expect(
        await executor.validate(org.owner.organizationId, {
          url: 'https://hooks.example.com/in',
          body: { note: '{{task.title}}' },
        }),
      ).toEqual([]);
      const rendered = await executor.render(
        org.owner.organizationId,
        { url: 'https://hooks.example.com/in?token=abc', body: { note: '{{task.title}}' } },
        { task: { title: 'Order cones' } },
      );
      expect(rendered.summary).toBe('POST https://hooks.example.com/in');
      expect(rendered.preview).toMatchObject({
        body: { data: { note: 'Order cones', event: { task: { title: 'Order cones' } } } },
      });
      const text = JSON.stringify(rendered);
      expect(text).not.toContain('whsec_');
      expect(text).not.toContain('token=abc');
      expect(text).not.toContain(secret.slice(6, 20));
      expect(text).not.toContain(latest.secret.slice(6, 20) || 'no rotation ran');
    });
  });

  describe('NOTIFY_SLACK', () => {
    const hook = `T${suffix()}/B1/${suffix()}`;

    it('needs a Slack URL (its own, or the organization’s)', async () => {
      const executor = registry.get(AutomationAction.NOTIFY_SLACK);
      expect(await executor.validate(org.owner.organizationId, { text: 'hi' })).toEqual([
        { path: 'url', message: expect.stringMatching(/no Slack webhook/) },
      ]);
      expect(
        await executor.validate(org.owner.organizationId, {
          text: 'hi',
          url: 'https://evil.example.com/services/x',
        }),
      ).toEqual([{ path: 'url', message: expect.stringMatching(/hooks\.slack\.com/) }]);
      expect(
        (await executor.validate(org.owner.organizationId, { text: 5 })).map((p) => p.path),
      ).toEqual(['text', 'url']);
      const outcome = failed(await executor.perform(execution({ text: 'hi' })));
      expect(outcome).toMatchObject({
        retryable: false,
        error: expect.stringMatching(/no Slack webhook/),
      });
    });

    it('posts the rendered text to the organization’s Slack webhook', async () => {
      await gqlOk(
        api,
        UPDATE_FLEET_SETTINGS,
        { input: { slackWebhookUrl: `https://hooks.slack.com/services/${hook}` } },
        org.owner.accessToken,
      );
      const executor = registry.get(AutomationAction.NOTIFY_SLACK);
      expect(await executor.validate(org.owner.organizationId, { text: 'x' })).toEqual([]);
      const outcome = await executor.perform(
        execution({ text: 'New {{task.priority}} task: {{task.title}}' }),
      );
      expect(outcome.ok).toBe(true);
      const post = await eventually(
        () => slack.posts.find((candidate) => candidate.path === `/services/${hook}`),
        { what: 'the Slack post' },
      );
      expect(post.body.text).toBe('New HIGH task: Call the Hendersons back');
      const rendered = await executor.render(
        org.owner.organizationId,
        { text: '{{task.title}}' },
        {
          task: { title: 'T' },
        },
      );
      expect(JSON.stringify(rendered)).not.toContain(hook);
    });

    it('posts to the step’s own Slack URL, and classifies Slack’s 500 as retryable', async () => {
      const own = `T${suffix()}/B2/${suffix()}`;
      const executor = registry.get(AutomationAction.NOTIFY_SLACK);
      slack.failures = 1;
      const failure = failed(
        await executor.perform(
          execution({ text: 'hello', url: `https://hooks.slack.com/services/${own}` }),
        ),
      );
      expect(failure).toMatchObject({
        retryable: true,
        error: 'Slack answered 500: internal_error',
      });
      expect(failure.error).not.toContain(own);
      const outcome = await executor.perform(
        execution({ text: 'hello', url: `https://hooks.slack.com/services/${own}` }),
      );
      expect(outcome.ok).toBe(true);
      expect(slack.posts.filter((post) => post.path === `/services/${own}`)).toHaveLength(1);
    });
  });

  describe('SEND_SMS', () => {
    it('texts a member at their profile phone, through the fake Twilio', async () => {
      const executor = registry.get(AutomationAction.SEND_SMS);
      const agent = org.members.agent;
      expect(
        await executor.validate(org.owner.organizationId, {
          userId: agent.userId,
          body: 'New task: {{task.title}}',
        }),
      ).toEqual([]);
      const outcome = await executor.perform(
        execution({ userId: agent.userId, body: 'New task: {{task.title}}' }),
      );
      expect(outcome).toEqual({
        ok: true,
        output: { messageId: expect.any(String), to: agent.phone, queued: true },
      });
      const sent = await eventually(
        () => twilio.messages.find((message) => message.to === agent.phone),
        { what: 'the text at the fake Twilio' },
      );
      expect(sent).toMatchObject({ from: org.number, body: 'New task: Call the Hendersons back' });
      const [row] = await query(
        'SELECT user_id, direction FROM phone_message WHERE organization_id = $1 AND id = $2',
        [
          org.owner.organizationId,
          (outcome as unknown as { output: { messageId: string } }).output.messageId,
        ],
      );
      expect(row).toEqual({ user_id: agent.userId, direction: 'OUTBOUND' });
    });

    it('refuses an opted-out number readably, final, with no request to Twilio', async () => {
      const phone = phoneNumber();
      await textTo(api, org.number, phone, 'STOP').expect(200);
      await eventually(
        async () =>
          (
            await query('SELECT 1 FROM sms_opt_out WHERE organization_id = $1 AND phone = $2', [
              org.owner.organizationId,
              phone,
            ])
          )[0],
        { what: 'the opt-out' },
      );
      const before = twilio.requests.length;
      const outcome = failed(
        await registry
          .get(AutomationAction.SEND_SMS)
          .perform(execution({ to: phone, body: 'Your task is due' })),
      );
      expect(outcome).toEqual({
        ok: false,
        retryable: false,
        error: `the recipient ${phone} opted out of text messages (texted STOP): not sent`,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(twilio.requests.slice(before).filter((request) => request.form?.To === phone)).toEqual(
        [],
      );
    });

    it('validates recipients, and fails readably for a member without a phone', async () => {
      const executor = registry.get(AutomationAction.SEND_SMS);
      const organizationId = org.owner.organizationId;
      const paths = async (config: Record<string, unknown>) =>
        (await executor.validate(organizationId, config)).map((problem) => problem.path);
      expect(await paths({ body: 'x' })).toEqual(['to']);
      expect(await paths({ body: 'x', to: '+15551234567', userId: org.owner.userId })).toEqual([
        'to',
      ]);
      expect(await paths({ body: 'x', to: '555-1234' })).toEqual(['to']);
      expect(await paths({ body: '', to: '+15551234567' })).toEqual(['body']);
      const stranger = await registerUser(api);
      expect(await paths({ body: 'x', userId: stranger.userId })).toEqual(['userId']);
      const stranded = failed(
        await executor.perform(execution({ body: 'x', userId: stranger.userId })),
      );
      expect(stranded).toMatchObject({
        retryable: false,
        error: expect.stringMatching(/not a member/),
      });

      const phoneless = await addMemberWithRole(api, org.owner, 'VIEWER');
      const outcome = failed(
        await executor.perform(execution({ body: 'x', userId: phoneless.userId })),
      );
      expect(outcome).toEqual({
        ok: false,
        retryable: false,
        error: `member ${phoneless.userId} has no phone number in their profile: not sent`,
      });
    });
  });
});
