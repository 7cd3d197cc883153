import { DiscoveryService } from '@nestjs/core';
import { Job } from 'bullmq';
import { JobName } from './job-payloads';
import { QueueName } from './queue-names';

export type MaintenanceJobName = JobName<typeof QueueName.Maintenance>;

export interface MaintenanceJobOptions {
  /** The job's name on the `maintenance` queue, and the id of its repeatable schedule. */
  name: MaintenanceJobName;
  /** How often it runs, in milliseconds. */
  everyMs: number;
}

/**
 * Marks the class that runs one kind of housekeeping job on the
 * `maintenance` queue. A BullMQ queue has one worker per process, so the
 * queue's MaintenanceProcessor takes every job and hands each to the class
 * declared for its name; MaintenanceScheduler installs each class's schedule.
 * Domains declare their own (e.g. Twilio webhook receipts) without the queue
 * layer knowing them.
 */
export const MaintenanceJob = DiscoveryService.createDecorator<MaintenanceJobOptions>();

/** One kind of maintenance job: idempotent, safe to run again after a crash. */
export interface MaintenanceJobProcessor {
  process(job: Job): Promise<unknown>;
}

/** Every provider marked @MaintenanceJob in the application, with its options. */
export function discoverMaintenanceJobs(
  discovery: DiscoveryService,
): Array<{ options: MaintenanceJobOptions; processor: MaintenanceJobProcessor }> {
  return discovery.getProviders({ metadataKey: MaintenanceJob.KEY }).flatMap((wrapper) => {
    const options = discovery.getMetadataByDecorator(MaintenanceJob, wrapper);
    const processor = wrapper.instance as MaintenanceJobProcessor | undefined;
    return options && processor ? [{ options, processor }] : [];
  });
}
