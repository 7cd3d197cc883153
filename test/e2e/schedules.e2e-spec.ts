import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { SchedulesService } from '@/messaging/schedules/schedules.service';
import { pollSchedulerId } from '@/modules/fleet/samsara-polling.service';
import { eventually, startWorker } from '../utils/test-app';
import { TEST_REDIS_URL } from '../utils/test-database';
import { redisProxy, TcpProxy } from '../utils/tcp-proxy';

const EXPECTED: Array<[QueueName, string]> = [
  [QueueName.Maintenance, 'prune-outbox'],
  [QueueName.Maintenance, 'prune-webhook-receipts'],
  [QueueName.FleetPolling, 'fleet-check-stale'],
  [QueueName.FleetPolling, 'fleet-prune-positions'],
];

async function schedulerIds(queue: Queue): Promise<string[]> {
  return (await queue.getJobSchedulers()).map((scheduler) => scheduler.key ?? scheduler.id ?? '');
}

/** The expected schedules that exist now, as "queue/id". */
async function present(worker: INestApplicationContext): Promise<string[]> {
  const registry = worker.get(QueueRegistry);
  const found: string[] = [];
  for (const [queue, id] of EXPECTED) {
    if ((await schedulerIds(registry.get(queue))).includes(id)) found.push(`${queue}/${id}`);
  }
  return found;
}
const all = EXPECTED.map(([queue, id]) => `${queue}/${id}`);

/** Deletes every BullMQ key of this run (as Redis restarted empty would, for this run). */
async function wipeRunKeys(redis: Redis): Promise<number> {
  let deleted = 0;
  const stream = redis.scanStream({ match: `${process.env.REDIS_KEY_PREFIX}-bull:*`, count: 500 });
  for await (const keys of stream as AsyncIterable<string[]>) {
    if (keys.length > 0) deleted += await redis.del(...keys);
  }
  return deleted;
}

describe('repeatable schedules', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('come back within the re-assert interval after Redis loses them, without a restart', async () => {
    const worker = await startWorker({ env: { SCHEDULE_REASSERT_INTERVAL_MS: '2000' } });
    try {
      expect(await present(worker)).toEqual(all);
      expect(await wipeRunKeys(redis)).toBeGreaterThan(0);
      expect(await present(worker)).toEqual([]);
      await eventually(
        async () => ((await present(worker)).length === all.length ? true : undefined),
        { what: 'the schedules to come back', timeoutMs: 6000 },
      );
    } finally {
      await worker.close();
    }
  });

  it('removes a schedule its source owns but no longer declares, and keeps the others', async () => {
    const worker = await startWorker();
    try {
      const queue = worker.get(QueueRegistry).get(QueueName.FleetPolling);
      const gone = pollSchedulerId(randomUUID());
      await queue.upsertJobScheduler(
        gone,
        { every: 60_000 },
        { name: 'poll-samsara', data: { organizationId: randomUUID() } },
      );
      await queue.upsertJobScheduler('unowned-test-schedule', { every: 60_000 }, { name: 'x' });
      await worker.get(SchedulesService).reassert();
      const ids = await schedulerIds(queue);
      expect(ids).not.toContain(gone);
      expect(ids).toContain('unowned-test-schedule');
      expect(ids).toContain('fleet-check-stale');
      await queue.removeJobScheduler('unowned-test-schedule');
    } finally {
      await worker.close();
    }
  });

  describe('after a Redis reconnect', () => {
    let proxy: TcpProxy;
    beforeAll(async () => {
      proxy = await redisProxy(TEST_REDIS_URL);
    });
    afterAll(async () => {
      await proxy.cut();
    });

    it('are re-asserted as soon as the connection is ready again, not at the next interval', async () => {
      // An interval far beyond the test: only the reconnect can bring them back.
      const worker = await startWorker({
        env: { REDIS_URL: proxy.url(), SCHEDULE_REASSERT_INTERVAL_MS: '3600000' },
      });
      try {
        await eventually(
          async () => ((await present(worker)).length === all.length ? true : undefined),
          { what: 'the schedules at start' },
        );
        await proxy.cut();
        // Redis "restarts empty" while the worker is cut off from it.
        await wipeRunKeys(redis);
        await proxy.start();
        await eventually(
          async () => ((await present(worker)).length === all.length ? true : undefined),
          { what: 'the schedules after the reconnect', timeoutMs: 30_000 },
        );
      } finally {
        await worker.close();
      }
    }, 60_000);
  });
});
