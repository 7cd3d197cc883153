import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { StepExecution, StepOutcome } from '@/modules/automations/action-executor';
import { ActionRegistry } from '@/modules/automations/action-registry';
import { AutomationEngine } from '@/modules/automations/automation-engine.service';
import { AutomationAction } from '@/modules/automations/automation.enums';
import { insertAutomation } from '../factories/automation.factory';
import { phoneNumber } from '../factories/calls.factory';
import { gqlOk, suffix } from '../factories/identity.factory';
import { PhoneOrganization, phoneOrganization } from '../factories/phone.factory';
import { smsEnv, startSmsTwilio, textTo } from '../factories/sms.factory';
import { createTask } from '../factories/task.factory';
import { FakeTwilio } from '../fakes/twilio.fake';
import { eventually, startApi, TestApp } from '../utils/test-app';

/*
 * A step performed again for the same run and step — what happens when a
 * worker dies after the step's side effect and before the run records the
 * step SUCCEEDED — does not repeat the side effect: CREATE_TASK finds its
 * task, SEND_SMS finds its queued message (one text at the fake Twilio),
 * CALL_WEBHOOK repeats the same webhook-id. First through the
 * ActionRegistry, then through the engine on a run whose step records were
 * lost. The fault suite (test/faults/automations.fault-spec.ts) does it
 * with real SIGKILLs.
 */

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const ROTATE = `mutation ($automationId: ID!) {
  rotateAutomationWebhookSecret(automationId: $automationId) { secret previousValidUntil }
}`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('automation steps performed again for the same run and step', () => {
  let api: TestApp;
  let twilio: FakeTwilio;
  let server: Server;
  let receiverPort = 0;
  const received: Received[] = [];
  let registry: ActionRegistry;
  let org: PhoneOrganization;
  let automationId: string;

  const query = <T = any>(sql: string, params: unknown[] = []): Promise<T[]> =>
    api.dataSource.query(sql, params);

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
      event: { task: { id: randomUUID(), title: `Pallets ${suffix()}`, priority: 'HIGH' } },
      ...overrides,
    };
  }
  const perform = (action: AutomationAction, run: StepExecution) =>
    registry.get(action).perform(run);
  const output = (outcome: StepOutcome): Record<string, unknown> => {
    if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome)}`);
    return outcome.output;
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ path: request.url ?? '/', headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverPort = (server.address() as AddressInfo).port;
    twilio = await startSmsTwilio();
    api = await startApi({
      withWorker: true,
      env: smsEnv(twilio, {
        OUTBOUND_ALLOWED_HOSTS: `${process.env.OUTBOUND_ALLOWED_HOSTS},127.0.0.1:${receiverPort}`,
        ANTHROPIC_API_KEY: undefined,
        ANTHROPIC_BASE_URL: undefined,
      }),
    });
    registry = api.app.get(ActionRegistry);
    org = await phoneOrganization(api, { agent: ['AGENT', '5937'] });
    automationId = await insertAutomation(api.dataSource, {
      organizationId: org.owner.organizationId,
      createdByUserId: org.owner.userId,
      trigger: 'TASK_CREATED',
      actions: [],
    });
  });
  afterAll(async () => {
    await api?.close();
    await twilio?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  describe('CREATE_TASK', () => {
    it('creates one task for a run and step, however often it is performed', async () => {
      const run = execution({ title: 'Restock: {{task.title}}', priority: 'HIGH' });
      const first = output(await perform(AutomationAction.CREATE_TASK, run));
      expect(first).toEqual({ taskId: expect.any(String) });
      const again = output(await perform(AutomationAction.CREATE_TASK, { ...run, attempt: 2 }));
      expect(again).toEqual({ taskId: first.taskId, existing: true });
      const rows = await query(
        `SELECT id, source, automation_run_id, automation_step FROM task
          WHERE organization_id = $1 AND automation_run_id = $2`,
        [org.owner.organizationId, run.runId],
      );
      expect(rows).toEqual([
        {
          id: first.taskId,
          source: 'AUTOMATION',
          automation_run_id: run.runId,
          automation_step: 0,
        },
      ]);
      // Another step of the same run is another task.
      const second = output(await perform(AutomationAction.CREATE_TASK, { ...run, stepIndex: 1 }));
      expect(second.taskId).not.toBe(first.taskId);
      expect(second.existing).toBeUndefined();
    });

    it('finds its task even after someone deleted it, and creates no other', async () => {
      const run = execution({ title: 'Count the cones' });
      const first = output(await perform(AutomationAction.CREATE_TASK, run));
      await query(`UPDATE task SET deleted_at = now() WHERE id = $1`, [first.taskId]);
      const again = output(await perform(AutomationAction.CREATE_TASK, run));
      expect(again).toEqual({ taskId: first.taskId, existing: true });
      const [{ count }] = await query<{ count: number }>(
        `SELECT COUNT(*)::int AS count FROM task WHERE automation_run_id = $1`,
        [run.runId],
      );
      expect(count).toBe(1);
    });

    it('two deliveries at once still make one task', async () => {
      const run = execution({ title: 'Sweep dock {{task.priority}}' });
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, () => perform(AutomationAction.CREATE_TASK, run)),
      );
      const ids = new Set(outcomes.map((outcome) => output(outcome).taskId));
      expect(ids.size).toBe(1);
      const [{ count }] = await query<{ count: number }>(
        `SELECT COUNT(*)::int AS count FROM task WHERE automation_run_id = $1`,
        [run.runId],
      );
      expect(count).toBe(1);
    });

    it('a task created by a person carries no run', async () => {
      const task = await createTask(api, org.owner.accessToken, { title: 'By hand' });
      const [row] = await query(
        `SELECT automation_run_id, automation_step FROM task WHERE id = $1`,
        [task.id],
      );
      expect(row).toEqual({ automation_run_id: null, automation_step: null });
    });
  });

  describe('SEND_SMS', () => {
    it('queues one message for a run and step, and Twilio gets one text', async () => {
      const agent = org.members.agent;
      const run = execution({ userId: agent.userId, body: 'Restock {{task.title}}' });
      const first = output(await perform(AutomationAction.SEND_SMS, run));
      expect(first).toEqual({ messageId: expect.any(String), to: agent.phone, queued: true });
      const again = output(await perform(AutomationAction.SEND_SMS, { ...run, attempt: 2 }));
      expect(again).toEqual({
        messageId: first.messageId,
        to: agent.phone,
        queued: true,
        existing: true,
      });
      const concurrent = await Promise.all(
        Array.from({ length: 3 }, () => perform(AutomationAction.SEND_SMS, run)),
      );
      expect(new Set(concurrent.map((outcome) => output(outcome).messageId))).toEqual(
        new Set([first.messageId]),
      );
      const body = `Restock ${(run.event.task as { title: string }).title}`;
      const rows = await query(
        `SELECT id, idempotency_key FROM phone_message
          WHERE organization_id = $1 AND direction = 'OUTBOUND' AND body = $2`,
        [org.owner.organizationId, body],
      );
      expect(rows).toEqual([{ id: first.messageId, idempotency_key: `automation:${run.runId}:0` }]);
      await eventually(
        async () => {
          const [row] = await query(`SELECT status FROM phone_message WHERE id = $1`, [
            first.messageId,
          ]);
          return row.status === 'SENT' ? true : undefined;
        },
        { what: 'the text to be SENT' },
      );
      // Performed again after delivery: still that message, nothing more at Twilio.
      const late = output(await perform(AutomationAction.SEND_SMS, { ...run, attempt: 3 }));
      expect(late.messageId).toBe(first.messageId);
      await sleep(500);
      expect(
        twilio.messagesTo(agent.phone).filter((message) => message.body === body),
      ).toHaveLength(1);
    });

    it('a refusal keeps no key: after an opt-in the same step sends', async () => {
      const phone = phoneNumber();
      const waitOptOut = (present: boolean) =>
        eventually(
          async () => {
            const rows = await query(
              'SELECT 1 FROM sms_opt_out WHERE organization_id = $1 AND phone = $2',
              [org.owner.organizationId, phone],
            );
            return rows.length > 0 === present ? true : undefined;
          },
          { what: present ? 'the opt-out' : 'the opt-in' },
        );
      await textTo(api, org.number, phone, 'STOP').expect(200);
      await waitOptOut(true);
      const run = execution({ to: phone, body: 'Your order shipped' });
      const refused = await perform(AutomationAction.SEND_SMS, run);
      expect(refused).toMatchObject({ ok: false, retryable: false });
      await textTo(api, org.number, phone, 'START').expect(200);
      await waitOptOut(false);
      const sent = output(await perform(AutomationAction.SEND_SMS, run));
      expect(sent).toEqual({ messageId: expect.any(String), to: phone, queued: true });
      const rows = await query(
        `SELECT status, idempotency_key FROM phone_message
          WHERE organization_id = $1 AND to_number = $2 AND direction = 'OUTBOUND'
          ORDER BY created_at`,
        [org.owner.organizationId, phone],
      );
      expect(rows).toEqual([
        { status: 'REFUSED', idempotency_key: null },
        {
          status: expect.stringMatching(/QUEUED|SENDING|SENT/),
          idempotency_key: `automation:${run.runId}:0`,
        },
      ]);
    });
  });

  describe('through the engine, a run whose step records were lost after their effects', () => {
    it('performs the steps again: the same task, the same text, the same webhook-id', async () => {
      const agent = org.members.agent;
      const marker = `Crate ${suffix()}`;
      const path = `/crate-${suffix()}`;
      const id = await insertAutomation(api.dataSource, {
        organizationId: org.owner.organizationId,
        createdByUserId: org.owner.userId,
        trigger: 'TASK_CREATED',
        condition: { all: [{ field: 'task.title', op: 'eq', value: marker }] },
        actions: [
          { action: 'CREATE_TASK', config: { title: 'Unload {{task.title}}' } },
          { action: 'SEND_SMS', config: { userId: agent.userId, body: 'Unload {{task.title}}' } },
          { action: 'CALL_WEBHOOK', config: { url: `http://127.0.0.1:${receiverPort}${path}` } },
        ],
      });
      await gqlOk(api, ROTATE, { automationId: id }, org.owner.accessToken);
      await createTask(api, org.owner.accessToken, { title: marker });
      const finished = () =>
        eventually(
          async () => {
            const [run] = await query(
              `SELECT id, status, steps FROM automation_run WHERE automation_id = $1`,
              [id],
            );
            return run?.status === 'COMPLETED' ? run : undefined;
          },
          { timeoutMs: 30_000, what: 'the run to complete' },
        );
      const run = await finished();
      const before = run.steps as Array<{ output: Record<string, unknown> }>;
      expect(before.map((step) => step.output.existing)).toEqual([undefined, undefined, undefined]);

      // The worker died after each step's effect, before the run recorded it.
      const lost = before.map((step) => ({
        ...step,
        status: 'PENDING',
        output: null,
        finishedAt: null,
      }));
      await query(
        `UPDATE automation_run SET status = 'RUNNING', steps = $2::jsonb, finished_at = NULL,
                updated_at = now() - interval '1 hour' WHERE id = $1`,
        [run.id, JSON.stringify(lost)],
      );
      const outcome = await api.app
        .get(AutomationEngine, { strict: false })
        .execute(org.owner.organizationId, run.id);
      // The reconciler may have taken it up first: either way it completes.
      expect(['completed', 'not-runnable']).toContain(outcome);
      const again = await finished();
      const after = again.steps as Array<{ status: string; attempts: number; output: any }>;
      expect(after.map((step) => step.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
      expect(after[0].output).toEqual({ ...before[0].output, existing: true });
      expect(after[1].output).toEqual({ ...before[1].output, existing: true });
      expect(after[2].output).toEqual(before[2].output);

      const tasks = await query(`SELECT id FROM task WHERE organization_id = $1 AND title = $2`, [
        org.owner.organizationId,
        `Unload ${marker}`,
      ]);
      expect(tasks).toEqual([{ id: before[0].output.taskId }]);
      const texts = await query(
        `SELECT id FROM phone_message WHERE organization_id = $1 AND body = $2`,
        [org.owner.organizationId, `Unload ${marker}`],
      );
      expect(texts).toEqual([{ id: before[1].output.messageId }]);
      await sleep(500);
      expect(
        twilio.messagesTo(agent.phone).filter((message) => message.body === `Unload ${marker}`),
      ).toHaveLength(1);
      // The webhook went again, with the same id (the receiver deduplicates on it).
      const hooks = received.filter((request) => request.path === path);
      expect(hooks.map((hook) => hook.headers['webhook-id'])).toEqual([
        `msg_${run.id}_2`,
        `msg_${run.id}_2`,
      ]);
      expect(hooks.map((hook) => JSON.parse(hook.body).data)).toEqual([
        JSON.parse(hooks[0].body).data,
        JSON.parse(hooks[0].body).data,
      ]);
    });
  });
});
