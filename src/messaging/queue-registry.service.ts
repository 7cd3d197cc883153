import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { ALL_QUEUE_NAMES, QueueName } from './queue-names';

/** Looks queues up by name, for code (the outbox relay, metrics) that serves them all. */
@Injectable()
export class QueueRegistry implements OnModuleInit {
  private readonly logger = new Logger('Queues');

  constructor(private readonly moduleRef: ModuleRef) {}

  /** A backend outage is reported once per queue and state change, not per retry on stderr. */
  onModuleInit(): void {
    for (const queue of this.all()) {
      let lastMessage: string | undefined;
      queue.on('error', (error: Error) => {
        if (error.message === lastMessage) return;
        lastMessage = error.message;
        this.logger.error(`queue ${queue.name}: ${error.message}`);
      });
    }
  }

  get(name: string): Queue {
    if (!ALL_QUEUE_NAMES.includes(name as QueueName)) {
      throw new Error(`unknown queue "${name}"`);
    }
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  all(): Queue[] {
    return ALL_QUEUE_NAMES.map((name) => this.get(name));
  }
}
