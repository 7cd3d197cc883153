import { Job, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TransactionService } from '@/database/transaction.service';
import { OutboxRelay } from '@/messaging/outbox/outbox.relay';
import { OutboxRepository } from '@/messaging/outbox/outbox.repository';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import { eventually, startApi, TestApp } from '../utils/test-app';
import { TEST_REDIS_URL } from '../utils/test-database';
import { redisProxy, TcpProxy } from '../utils/tcp-proxy';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Row {
  id: string;
  published_at: Date | null;
  claim_token: string | null;
  claimed_until: Date | null;
  attempts: number;
  last_error: string | null;
}

const rowsOf = (dataSource: DataSource, ids: string[]): Promise<Row[]> =>
  dataSource.query(
    `SELECT id, published_at, claim_token, claimed_until, attempts, last_error
       FROM outbox_event WHERE id = ANY($1::uuid[])`,
    [ids],
  );

/** Backends of this run's database (any application's) idle inside a transaction. */
async function idleInTransaction(dataSource: DataSource): Promise<number> {
  const rows: Array<{ count: string }> = await dataSource.query(
    `SELECT count(*) FROM pg_stat_activity
      WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
  );
  return Number(rows[0].count);
}

/** Commits `count` maintenance jobs to the outbox (no pub/sub topic) and returns their row ids. */
function enqueue(api: TestApp, count: number): Promise<string[]> {
  return api.app.get(TransactionService).run(async (transaction) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      ids.push(
        await api.app.get(OutboxService).enqueueJob(transaction, null, {
          queue: QueueName.Maintenance,
          name: 'prune-outbox',
          payload: {},
        }),
      );
    }
    return ids;
  });
}

/** The test's own consumer of the maintenance queue, straight on Redis (not through the proxy). */
function countingWorker(processed: string[]): Worker {
  const url = new URL(TEST_REDIS_URL);
  return new Worker(
    QueueName.Maintenance,
    (job: Job) => {
      processed.push(job.id!);
      return Promise.resolve();
    },
    {
      connection: { host: url.hostname, port: Number(url.port || 6379) },
      prefix: `${process.env.REDIS_KEY_PREFIX}-bull`,
      concurrency: 4,
    },
  );
}

describe('outbox relay lease', () => {
  let proxy: TcpProxy;
  let api: TestApp;
  let worker: Worker;
  const processed: string[] = [];

  beforeAll(async () => {
    proxy = await redisProxy(TEST_REDIS_URL);
    // The relay reaches Redis only through the proxy; a publish is given up after 1 s.
    api = await startApi({ env: { REDIS_URL: proxy.url(), OUTBOX_LEASE_MS: '2000' } });
    worker = countingWorker(processed);
  });
  afterAll(async () => {
    await proxy.start().catch(() => undefined);
    await worker.close();
    await api.close();
    await proxy.cut();
  });

  it('holds no transaction open while Redis is unreachable, and publishes every row exactly once when it is back', async () => {
    await proxy.cut();
    const ids = await enqueue(api, 20);
    api.app.get(OutboxRelay).kick();

    // While publishing hangs and fails, sample the database's backends.
    const samples: number[] = [];
    const postponed = await eventually(
      async () => {
        samples.push(await idleInTransaction(api.dataSource));
        const rows = await rowsOf(api.dataSource, ids);
        return rows.every((row) => row.attempts > 0) ? rows : undefined;
      },
      { what: 'every row to be postponed', intervalMs: 20, timeoutMs: 20_000 },
    );
    for (let i = 0; i < 20; i += 1) {
      samples.push(await idleInTransaction(api.dataSource));
      await pause(25);
    }
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.filter((count) => count > 0)).toEqual([]);
    for (const row of postponed) {
      expect(row.published_at).toBeNull();
      expect(row.claim_token).toBeNull();
      expect(row.last_error).toBeTruthy();
    }
    expect(processed.filter((id) => ids.includes(id))).toEqual([]);

    await proxy.start();
    await eventually(
      async () => {
        const rows = await rowsOf(api.dataSource, ids);
        return rows.every((row) => row.published_at) ? true : undefined;
      },
      { what: 'every row to be published after Redis is back', timeoutMs: 45_000 },
    );
    await eventually(() => (ids.every((id) => processed.includes(id)) ? true : undefined), {
      what: 'every job to run',
    });
    await pause(1000);
    expect(processed.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    const published = await rowsOf(api.dataSource, ids);
    expect(published.filter((row) => row.claim_token || row.claimed_until)).toEqual([]);
  }, 90_000);

  it('leaves a leased row to its holder until the lease runs out, then claims and publishes it again', async () => {
    const id = randomUUID();
    const deadHolder = randomUUID();
    // As if a relay claimed the row and died while publishing it.
    await api.dataSource.query(
      `INSERT INTO outbox_event (id, queue, job_name, payload, claim_token, claimed_until)
       VALUES ($1, $2, 'prune-outbox', '{}', $3, now() + interval '1 hour')`,
      [id, QueueName.Maintenance, deadHolder],
    );
    api.app.get(OutboxRelay).kick();
    await pause(1500);
    let [row] = await rowsOf(api.dataSource, [id]);
    expect(row.published_at).toBeNull();
    expect(row.claim_token).toBe(deadHolder);
    expect(processed).not.toContain(id);

    await api.dataSource.query(
      `UPDATE outbox_event SET claimed_until = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    api.app.get(OutboxRelay).kick();
    row = await eventually(
      async () => {
        const [current] = await rowsOf(api.dataSource, [id]);
        return current.published_at ? current : undefined;
      },
      { what: 'the expired lease to be claimed again' },
    );
    expect(row.claim_token).toBeNull();
    await eventually(() => (processed.includes(id) ? true : undefined), { what: 'the job' });
    // The dead holder, were it to come back, can no longer mark the row.
    const repository = new OutboxRepository(api.dataSource, true);
    expect(await repository.markPublished([id], deadHolder)).toEqual([]);
    await pause(500);
    expect(processed.filter((processedId) => processedId === id)).toHaveLength(1);
  });
});

describe('outbox relay shutdown while Redis is unreachable', () => {
  it('stops waiting for Redis, releases its claim, and leaves no transaction open', async () => {
    const proxy = await redisProxy(TEST_REDIS_URL);
    // A long lease: only the shutdown can end the wait for the hung publish.
    const api = await startApi({ env: { REDIS_URL: proxy.url(), OUTBOX_LEASE_MS: '600000' } });
    const observer = new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
    });
    await observer.initialize();
    try {
      await proxy.cut();
      const ids = await enqueue(api, 5);
      api.app.get(OutboxRelay).kick();
      await eventually(
        async () => {
          const rows = await rowsOf(observer, ids);
          return rows.every((row) => row.claim_token) ? true : undefined;
        },
        { what: 'the rows to be claimed' },
      );
      await pause(300);
      expect(await idleInTransaction(observer)).toBe(0);

      const started = Date.now();
      await api.close();
      // Well inside SHUTDOWN_TIMEOUT_MS (15 s).
      expect(Date.now() - started).toBeLessThan(5000);

      const rows = await rowsOf(observer, ids);
      for (const row of rows) {
        expect(row.published_at).toBeNull();
        expect(row.claim_token).toBeNull();
        expect(row.claimed_until).toBeNull();
        expect(row.attempts).toBe(0);
      }
      expect(await idleInTransaction(observer)).toBe(0);
      await observer.query('DELETE FROM outbox_event WHERE id = ANY($1::uuid[])', [ids]);
    } finally {
      await observer.destroy();
      await proxy.cut();
    }
  });
});
