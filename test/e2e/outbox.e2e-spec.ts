import { INestApplicationContext } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { PubSubEngine } from 'graphql-subscriptions';
import { randomUUID } from 'node:crypto';
import { TransactionService } from '@/database/transaction.service';
import { PUB_SUB } from '@/messaging/pubsub/pubsub.constants';
import { OutboxMessage } from '@/messaging/outbox/outbox-message';
import { OutboxRelay } from '@/messaging/outbox/outbox.relay';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { createOrganization } from '../factories/organization.factory';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects every message published on `topic` as seen by one process's pub/sub. */
async function listen(app: INestApplicationContext, topic: string): Promise<OutboxMessage[]> {
  const messages: OutboxMessage[] = [];
  await app
    .get<PubSubEngine>(PUB_SUB)
    .subscribe(topic, (message: OutboxMessage) => messages.push(message), {});
  return messages;
}

describe('transactional outbox', () => {
  let first: TestApp;
  let second: TestApp;
  let worker: Worker;
  const processed: string[] = [];

  beforeAll(async () => {
    // Two api instances whose relays race for the same rows; neither runs processors.
    first = await startApi();
    second = await startApi();
    // The test's own consumer of the maintenance queue counts every job it is handed.
    const queue = first.app.get(QueueRegistry).get(QueueName.Maintenance);
    worker = new Worker(
      QueueName.Maintenance,
      (job: Job) => {
        processed.push(job.id!);
        return Promise.resolve();
      },
      { connection: queue.opts.connection, prefix: queue.opts.prefix, concurrency: 4 },
    );
  });
  afterAll(async () => {
    await worker.close();
    await Promise.all([first.close(), second.close()]);
  });

  const outbox = (api: TestApp) => api.app.get(OutboxService);
  const transactions = (api: TestApp) => api.app.get(TransactionService);

  it('delivers each committed event to its queue and to subscribers exactly once while two relays race', async () => {
    const organization = await createOrganization(first.dataSource);
    const topic = `test.outbox.${organization.id}`;
    const seenBySecond = await listen(second.app, topic);
    const ids = await transactions(first).run(async (transaction) => {
      const written: string[] = [];
      for (let i = 0; i < 25; i += 1) {
        written.push(
          await outbox(first).add(transaction, {
            organizationId: organization.id,
            topic,
            job: { queue: QueueName.Maintenance, name: 'prune-outbox', payload: {} },
          }),
        );
      }
      return written;
    });

    await eventually(() => (ids.every((id) => processed.includes(id)) ? true : undefined), {
      what: 'all jobs',
    });
    await eventually(() => (seenBySecond.length >= ids.length ? true : undefined), {
      what: 'all messages',
    });
    await pause(800);

    expect(processed.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(seenBySecond.map((message) => message.eventId).sort()).toEqual([...ids].sort());
    expect(seenBySecond[0]).toMatchObject({ organizationId: organization.id, topic });
    const unpublished: unknown[] = await first.dataSource.query(
      'SELECT id FROM outbox_event WHERE id = ANY($1::uuid[]) AND published_at IS NULL',
      [ids],
    );
    expect(unpublished).toEqual([]);
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const organization = await createOrganization(first.dataSource);
    const topic = `test.outbox.${organization.id}`;
    const seen = await listen(second.app, topic);
    let written: string | undefined;
    await expect(
      transactions(first).run(async (transaction) => {
        written = await outbox(first).add(transaction, {
          organizationId: organization.id,
          topic,
          job: { queue: QueueName.Maintenance, name: 'prune-outbox', payload: {} },
        });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await pause(1000);
    expect(written).toBeDefined();
    expect(processed).not.toContain(written);
    expect(seen).toEqual([]);
    expect(
      await first.dataSource.query('SELECT id FROM outbox_event WHERE id = $1', [written]),
    ).toEqual([]);
  });

  it('does not run a job twice when its row is published again after a crash', async () => {
    const id = await transactions(first).run((transaction) =>
      outbox(first).enqueueJob(transaction, null, {
        queue: QueueName.Maintenance,
        name: 'prune-outbox',
        payload: {},
      }),
    );
    await eventually(() => (processed.includes(id) ? true : undefined), { what: 'the job' });
    // As if the relay died after publishing but before marking the row.
    await first.dataSource.query('UPDATE outbox_event SET published_at = NULL WHERE id = $1', [id]);
    first.app.get(OutboxRelay).kick();
    await eventually(
      async () => {
        const rows: Array<{ published_at: Date | null }> = await first.dataSource.query(
          'SELECT published_at FROM outbox_event WHERE id = $1',
          [id],
        );
        return rows[0].published_at ? true : undefined;
      },
      { what: 'the row to be published again' },
    );
    await pause(800);
    expect(processed.filter((processedId) => processedId === id)).toHaveLength(1);
  });

  it('queues live work ahead of background work: imported calls behind live calls, dispatches behind started runs', async () => {
    const organization = await createOrganization(first.dataSource);
    const scoring = first.app.get(QueueRegistry).get(QueueName.CallScoring);
    const automations = first.app.get(QueueRegistry).get(QueueName.Automations);
    const scoreCall = (background: boolean) => ({
      queue: QueueName.CallScoring,
      name: 'score-call' as const,
      payload: {
        organizationId: organization.id,
        callId: randomUUID(),
        scorecardId: randomUUID(),
        scorecardVersion: 1,
        ...(background ? { background: true } : {}),
      },
    });
    // Written in this order in one transaction: two imports, then a live call.
    const [importedA, importedB, live, dispatch, execute] = await transactions(first).run(
      async (transaction) => [
        await outbox(first).enqueueJob(transaction, organization.id, scoreCall(true)),
        await outbox(first).enqueueJob(transaction, organization.id, scoreCall(true)),
        await outbox(first).enqueueJob(transaction, organization.id, scoreCall(false)),
        await outbox(first).enqueueJob(transaction, organization.id, {
          queue: QueueName.Automations,
          name: 'dispatch-event',
          payload: {
            organizationId: organization.id,
            trigger: 'TASK_CREATED',
            subjectId: randomUUID(),
            origin: null,
          },
        }),
        await outbox(first).enqueueJob(transaction, organization.id, {
          queue: QueueName.Automations,
          name: 'execute-run',
          payload: { organizationId: organization.id, runId: randomUUID() },
        }),
      ],
    );
    first.app.get(OutboxRelay).kick();
    const jobs = await eventually(
      async () => {
        const found = await Promise.all([
          ...[importedA, importedB, live].map((id) => scoring.getJob(id)),
          ...[dispatch, execute].map((id) => automations.getJob(id)),
        ]);
        return found.every(Boolean) ? found.map((job) => job!) : undefined;
      },
      { what: 'the five jobs' },
    );
    expect(jobs.map((job) => job.priority)).toEqual([10, 10, 0, 5, 0]);

    // A consumer taking one job at a time gets the live call first, then the imports (rows of
    // one transaction share created_at, so the relay's order between the two is by id). Jobs
    // other tests of this file left on the queue are taken too; only these three are counted.
    const ours = new Set([importedA, importedB, live]);
    const order: string[] = [];
    const consumer = new Worker(
      QueueName.CallScoring,
      (job: Job) => {
        if (ours.has(job.id!)) order.push(job.id!);
        return Promise.resolve();
      },
      { connection: scoring.opts.connection, prefix: scoring.opts.prefix, concurrency: 1 },
    );
    try {
      await eventually(() => (order.length >= 3 ? true : undefined), { what: 'three jobs' });
    } finally {
      await consumer.close();
    }
    expect(order[0]).toBe(live);
    expect(order.slice(1, 3).sort()).toEqual([importedA, importedB].sort());
    await Promise.all([dispatch, execute].map((id) => automations.remove(id)));
  });

  it('postpones an event it cannot publish and records why', async () => {
    const id = randomUUID();
    await first.dataSource.query(
      `INSERT INTO outbox_event (id, queue, job_name, payload) VALUES ($1, 'no-such-queue', 'x', '{}')`,
      [id],
    );
    first.app.get(OutboxRelay).kick();
    const row = await eventually(
      async () => {
        const rows: Array<{
          attempts: number;
          last_error: string;
          available_at: Date;
          published_at: Date | null;
        }> = await first.dataSource.query('SELECT * FROM outbox_event WHERE id = $1', [id]);
        return rows[0].attempts > 0 ? rows[0] : undefined;
      },
      { what: 'a failed attempt' },
    );
    expect(row.published_at).toBeNull();
    expect(row.last_error).toMatch(/unknown queue "no-such-queue"/);
    expect(new Date(row.available_at).getTime()).toBeGreaterThan(Date.now());
    await first.dataSource.query('DELETE FROM outbox_event WHERE id = $1', [id]);
  });
});

describe('outbox across processes', () => {
  it('carries an event written in a worker process to a subscriber on a separate api instance', async () => {
    const api = await startApi({ env: { OUTBOX_RELAY_ENABLED: 'false' } });
    const worker = await startWorker();
    try {
      const organization = await createOrganization(api.dataSource);
      const topic = `test.cross.${organization.id}`;
      const seen = await listen(api.app, topic);
      const id = await worker
        .get(TransactionService)
        .run((transaction) =>
          worker.get(OutboxService).publish(transaction, organization.id, topic, { n: 1 }),
        );
      const message = await eventually(() => seen[0], { what: 'the message on the api instance' });
      expect(message).toMatchObject({
        eventId: id,
        organizationId: organization.id,
        payload: { n: 1 },
      });
    } finally {
      await worker.close();
      await api.close();
    }
  });
});
