import './production-env';
import 'reflect-metadata';
import { Job, Worker } from 'bullmq';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { Organization } from '@/modules/organizations/organization.entity';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { startApi } from '../test/utils/test-app';
import { graphql } from '../test/utils/graphql-client';
import { LiveSessions } from '@/access/live-sessions';
import { AuthenticationService } from '@/modules/identity/auth/authentication.service';
import { TokensService } from '@/modules/identity/auth/tokens.service';
import { median, startBenchApi } from './bench-api';

/**
 * Outbox overhead. Each operation is a business transaction (one row
 * inserted) that must lead to one job, measured from the start of the
 * transaction until a worker has run the job:
 * - baseline: the naive dual write — commit, then add the job to BullMQ
 *   directly (it loses the job if the process dies in between);
 * - candidate: the outbox row written in the same transaction, published by
 *   the relay after commit.
 * Both run side by side, alternating, against the same PostgreSQL and Redis;
 * the result is the ratio of their median times for the whole batch.
 */
const JOBS = Number(process.env.BENCH_JOBS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function main(): Promise<void> {
  const { api, finish } = await startBenchApi('outbox', { OUTBOX_POLL_INTERVAL_MS: '250' });
  const queue = api.app.get(QueueRegistry).get(QueueName.Maintenance);
  const waiting = new Map<string, () => void>();
  const worker = new Worker(
    QueueName.Maintenance,
    (job: Job) => {
      waiting.get(job.id!)?.();
      return Promise.resolve();
    },
    { connection: queue.opts.connection, prefix: queue.opts.prefix, concurrency: 16 },
  );
  const transactions = api.app.get(TransactionService);
  const outbox = api.app.get(OutboxService);

  const businessRow = (transaction: Transaction) =>
    transaction.manager.insert(Organization, {
      name: 'bench',
      slug: `bench-${randomBytes(8).toString('hex')}`,
    });

  const direct = async (): Promise<number> => {
    const started = performance.now();
    const done: Promise<void>[] = [];
    for (let i = 0; i < JOBS; i += 1) {
      const id = `direct-${randomBytes(8).toString('hex')}`;
      done.push(new Promise((resolve) => waiting.set(id, resolve)));
      await transactions.run(businessRow);
      await queue.add('prune-outbox', {}, { jobId: id });
    }
    await Promise.all(done);
    return performance.now() - started;
  };

  const viaOutbox = async (): Promise<number> => {
    const started = performance.now();
    const done: Promise<void>[] = [];
    for (let i = 0; i < JOBS; i += 1) {
      const id = await transactions.run(async (transaction) => {
        await businessRow(transaction);
        return outbox.enqueueJob(transaction, null, {
          queue: QueueName.Maintenance,
          name: 'prune-outbox',
          payload: {},
        });
      });
      done.push(new Promise((resolve) => waiting.set(id, resolve)));
    }
    await Promise.all(done);
    return performance.now() - started;
  };

  await direct();
  await viaOutbox();
  const baseline: number[] = [];
  const candidate: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    baseline.push(await direct());
    candidate.push(await viaOutbox());
  }
  const outboxResult = {
    benchmark: 'outbox-vs-dual-write',
    jobs: JOBS,
    rounds: ROUNDS,
    baselineMedianMs: Math.round(median(baseline)),
    outboxMedianMs: Math.round(median(candidate)),
    ratio: Number((median(candidate) / median(baseline)).toFixed(2)),
    baselineMs: baseline.map(Math.round),
    outboxMs: candidate.map(Math.round),
  };
  const sessionResult = await sessionCheckBenchmark(api);
  const results = [outboxResult, sessionResult];
  console.log(JSON.stringify(results, null, 2));
  const directory = join(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, `bench-${Date.now()}.json`), JSON.stringify(results, null, 2));

  await worker.close();
  await queue.obliterate({ force: true });
  await finish();
}

/**
 * The cost of checking the session (so logout, revocation and member
 * removal take effect at once): full authentication — JWT verification plus
 * one indexed query for session and membership — against the stateless
 * baseline, JWT verification alone; and the same authentication when the
 * session's check is remembered (LiveSessions, a later request of the same
 * session).
 */
async function sessionCheckBenchmark(api: Awaited<ReturnType<typeof startApi>>) {
  const CHECKS = Number(process.env.BENCH_CHECKS ?? 2000);
  const suffix = randomBytes(4).toString('hex');
  const { body } = await graphql<{ register: { accessToken: string } }>(
    api.graphqlUrl,
    'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }',
    {
      input: {
        email: `bench-${suffix}@example.com`,
        password: `bench passphrase ${suffix}`,
        name: 'Bench',
        organizationName: `Bench ${suffix}`,
      },
    },
  );
  const token = body.data!.register.accessToken;
  const tokens = api.app.get(TokensService);
  const authentication = api.app.get(AuthenticationService);
  const time = async (work: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    for (let i = 0; i < CHECKS; i += 1) await work();
    return performance.now() - started;
  };
  const sessionId = (await tokens.verifyAccessToken(token)).sid;
  const liveSessions = api.app.get(LiveSessions);
  const stateless = () => tokens.verifyAccessToken(token);
  const authenticated = async () => {
    if (!(await authentication.authenticate(`Bearer ${token}`)))
      throw new Error('not authenticated');
  };
  // The query every time: what a session's first request (or each one with
  // SESSION_CHECK_CACHE_MS=0) costs. Forgetting the session is a map lookup.
  const checked = () => {
    liveSessions.forget({ sessionIds: [sessionId] });
    return authenticated();
  };
  await time(stateless);
  await time(checked);
  await time(authenticated);
  const baseline: number[] = [];
  const candidate: number[] = [];
  const remembered: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    baseline.push(await time(stateless));
    candidate.push(await time(checked));
    remembered.push(await time(authenticated));
  }
  const overhead = (times: number[]) =>
    Number(((median(times) - median(baseline)) / CHECKS).toFixed(3));
  return {
    benchmark: 'session-check-vs-jwt-only',
    checks: CHECKS,
    rounds: ROUNDS,
    baselineMedianMs: Math.round(median(baseline)),
    sessionCheckMedianMs: Math.round(median(candidate)),
    perRequestOverheadMs: overhead(candidate),
    ratio: Number((median(candidate) / median(baseline)).toFixed(2)),
    rememberedCheckMedianMs: Math.round(median(remembered)),
    rememberedPerRequestOverheadMs: overhead(remembered),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
