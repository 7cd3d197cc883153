import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { ALL_QUEUE_NAMES, QueueName } from './queue-names';

/** Looks queues up by name, for code (the outbox relay, metrics) that serves them all. */
@Injectable()
export class QueueRegistry {
  constructor(private readonly moduleRef: ModuleRef) {}

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
