import { Processor } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, UnrecoverableError } from 'bullmq';
import { InstrumentedWorkerHost } from '../instrumented-worker.host';
import { discoverMaintenanceJobs, MaintenanceJobProcessor } from '../maintenance-job';
import { QueueName } from '../queue-names';
import { RETRY_BUDGET_WORKER_OPTIONS } from '../retry-policy';

/**
 * The `maintenance` queue's BullMQ worker. One worker per queue takes every
 * job, so it only routes: each job kind is run by its own @MaintenanceJob
 * class (outbox pruning here, Twilio webhook receipts in the calls module).
 */
@Processor(QueueName.Maintenance, RETRY_BUDGET_WORKER_OPTIONS)
export class MaintenanceProcessor extends InstrumentedWorkerHost implements OnModuleInit {
  private readonly processors = new Map<string, MaintenanceJobProcessor>();

  constructor(private readonly discovery: DiscoveryService) {
    super();
  }

  onModuleInit(): void {
    for (const { options, processor } of discoverMaintenanceJobs(this.discovery)) {
      if (this.processors.has(options.name))
        throw new Error(`two processors for maintenance job "${options.name}"`);
      this.processors.set(options.name, processor);
    }
  }

  protected async handle(job: Job): Promise<unknown> {
    const processor = this.processors.get(job.name);
    if (!processor) throw new UnrecoverableError(`unknown maintenance job "${job.name}"`);
    return processor.process(job);
  }
}
