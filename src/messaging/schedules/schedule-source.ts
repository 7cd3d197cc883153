import { DiscoveryService } from '@nestjs/core';
import { QueueName } from '../queue-names';

/** One repeatable job that should exist: a BullMQ job scheduler. */
export interface DesiredSchedule {
  /** The job scheduler's id, unique on its queue. */
  id: string;
  /** Milliseconds between runs. */
  every: number;
  /** The first run's time (epoch ms) when the schedule is created; default: BullMQ's. */
  startDate?: number;
  job: { name: string; data: Record<string, unknown> };
}

export interface ScheduleSourceOptions {
  /** The queue whose schedules the source declares. */
  queue: QueueName;
  /**
   * Id prefixes of the schedules this source owns on that queue: one that
   * starts with any of them and is not among the source's `schedules()` is
   * removed (a disconnected organization's poll). Empty: nothing removed.
   */
  owns: string[];
}

/**
 * Marks a provider that declares repeatable schedules: "these should exist
 * now". SchedulesService (worker processes) asserts every source's schedules
 * at start, every SCHEDULE_REASSERT_INTERVAL_MS and when a queue's Redis
 * connection is ready again, so schedules lost with Redis's data come back
 * without a restart. Domains declare their own sources (fleet polls,
 * calendar syncs); the messaging layer knows none of them.
 */
export const ScheduleSource = DiscoveryService.createDecorator<ScheduleSourceOptions>();

/** What a @ScheduleSource provider implements. */
export interface ScheduleDeclaration {
  /** Every schedule that should exist now (read from the database, config, ...). */
  schedules(): Promise<DesiredSchedule[]>;
}

/** Every provider marked @ScheduleSource in the application, with its options. */
export function discoverScheduleSources(
  discovery: DiscoveryService,
): Array<{ options: ScheduleSourceOptions; source: ScheduleDeclaration; name: string }> {
  return discovery.getProviders({ metadataKey: ScheduleSource.KEY }).flatMap((wrapper) => {
    const options = discovery.getMetadataByDecorator(ScheduleSource, wrapper);
    const source = wrapper.instance as ScheduleDeclaration | undefined;
    return options && source ? [{ options, source, name: String(wrapper.name) }] : [];
  });
}
