import { ConfigType } from '@nestjs/config';
import { queueConfig } from '@/config/configuration';
import { QueueName } from './queue-names';

/**
 * Jobs one worker process runs at once on `queue`: WORKER_CONCURRENCY, or
 * the queue's own setting (see queueConfig). The table is typed by queue
 * name, so a queue added without a concurrency does not compile.
 */
export function workerConcurrency(config: ConfigType<typeof queueConfig>, queue: string): number {
  const table: Readonly<Record<QueueName, number>> = config.concurrency;
  return table[queue as QueueName] ?? config.workerConcurrency;
}
