import { getQueueToken } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { ALL_QUEUE_NAMES, QueueName } from './queue-names';

/** How long shutdown waits for a queue's unreachable connection to be dropped. */
const DISCONNECT_WAIT_MS = 1000;

/**
 * Looks queues up by name, for code (the outbox relay, metrics, schedules)
 * that serves them all, and follows each queue's connection: it tells
 * `onReconnect` listeners when a connection that was lost is ready again,
 * and at shutdown drops the connections that are down, so that closing a
 * queue does not wait for a Redis that is not there (a QUIT queued behind
 * commands that will never be sent).
 */
@Injectable()
export class QueueRegistry implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private readonly connected = new Map<string, boolean>();
  private readonly reconnectListeners: Array<(queue: Queue) => void> = [];

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
      const backend = queue.getBackend();
      backend.on('ready', () => {
        const wasLost = this.connected.get(queue.name) === false;
        this.connected.set(queue.name, true);
        lastMessage = undefined;
        if (!wasLost) return;
        this.logger.log(`queue ${queue.name}: connection ready again`);
        for (const listener of this.reconnectListeners) listener(queue);
      });
      backend.on('close', () => this.connected.set(queue.name, false));
    }
  }

  /** Calls `listener` each time a queue's lost connection is ready again. */
  onReconnect(listener: (queue: Queue) => void): void {
    this.reconnectListeners.push(listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.all()
        .filter((queue) => this.connected.get(queue.name) === false)
        .map((queue) =>
          Promise.race([
            // IQueueBackend.close(force): tears the connection down without
            // waiting for queued commands; the queue's own close() (Nest's
            // shutdown hook) then finds it closed.
            queue
              .getBackend()
              .close(true)
              .catch(() => undefined),
            new Promise((resolve) => setTimeout(resolve, DISCONNECT_WAIT_MS).unref()),
          ]),
        ),
    );
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
