import { Queue } from 'bullmq';
import { ALL_QUEUE_NAMES } from '@/messaging/queue-names';
import { createCampaign, importCall } from '../../factories/calls.factory';
import { Account, registerUser } from '../../factories/identity.factory';
import { FakeAnthropic } from '../../fakes/anthropic.fake';
import { AppProcess } from './app-process';
import { FaultEnvironment } from './fault-environment';

/**
 * The fake Anthropic holding every answer until `release()` (a slow or
 * stuck model): requests arrive and wait; released, they and every later
 * request are answered correctly.
 */
export class HeldAnthropic {
  readonly fake = new FakeAnthropic();
  private open: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  async start(held = 5000): Promise<this> {
    await this.fake.start();
    this.fake.next(
      ...Array.from({ length: held }, () => ({ kind: 'answer' as const, until: this.gate })),
    );
    return this;
  }

  get requests(): number {
    return this.fake.requests.length;
  }

  env(): Record<string, string> {
    return { ANTHROPIC_API_KEY: 'sk-ant-fault-suite', ANTHROPIC_BASE_URL: this.fake.url };
  }

  release(): void {
    this.open();
  }

  async stop(): Promise<void> {
    this.release();
    await this.fake.stop();
  }
}

/** An organization's owner and a campaign with the standard scorecard (one LLM-judged criterion). */
export async function tenant(api: AppProcess): Promise<{ owner: Account; campaignId: string }> {
  const owner = await registerUser(api);
  const campaign = await createCampaign(api, owner.accessToken);
  return { owner, campaignId: campaign.id };
}

/** Imports `count` calls into the campaign, `parallel` at a time; returns their ids. */
export async function importCalls(
  api: AppProcess,
  token: string,
  campaignId: string,
  count: number,
  parallel = 8,
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const call = await importCall(api, token, { campaignId });
      ids.push(call.id as string);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return ids;
}

export interface CallScoreRow {
  id: string;
  score_status: string;
  scores: number;
}

/** Each call's score status and how many call_score rows it has, read from PostgreSQL. */
export function callScores(world: FaultEnvironment, callIds: string[]): Promise<CallScoreRow[]> {
  return world.query<CallScoreRow>(
    `SELECT c.id, c.score_status,
            (SELECT COUNT(*)::int FROM call_score s WHERE s.call_id = c.id) AS scores
       FROM call c WHERE c.id = ANY($1::uuid[])`,
    [callIds],
  );
}

/** "SCORED x298, FAILED x2": a summary for failure messages. */
export function tally<R extends object>(rows: R[], key: keyof R): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[String(row[key])] = (counts[String(row[key])] ?? 0) + 1;
  return counts;
}

/** The repeatable schedules (BullMQ job schedulers) on every queue, as "queue/key", sorted. */
export async function schedulerKeys(world: FaultEnvironment): Promise<string[]> {
  const keys: string[] = [];
  for (const name of ALL_QUEUE_NAMES) {
    const queue = new Queue(name, {
      prefix: world.bullPrefix,
      connection: { host: '127.0.0.1', port: world.redis.port, maxRetriesPerRequest: 1 },
    });
    try {
      for (const scheduler of await queue.getJobSchedulers(0, -1)) {
        keys.push(`${name}/${scheduler.key ?? scheduler.id}`);
      }
    } finally {
      await queue.close();
    }
  }
  return keys.sort();
}
