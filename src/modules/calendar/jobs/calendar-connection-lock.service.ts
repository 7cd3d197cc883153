import { Injectable } from '@nestjs/common';
import { CalendarConnectionRepository } from '../calendar-connection.repository';

/** Another sync or push of the connection is running; the job is retried with backoff. */
export class ConnectionBusyError extends Error {
  constructor(connectionId: string) {
    super(`calendar connection ${connectionId} is busy with another sync or push`);
  }
}

/** Keeps the sync and the pushes of one connection from overlapping, across workers. */
@Injectable()
export class CalendarConnectionLock {
  constructor(private readonly connections: CalendarConnectionRepository) {}

  /** Runs `work` holding the connection's advisory lock (session level, on its own connection). */
  async exclusive<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
    return this.connections.inOwnSession(async (session) => {
      // Try, never wait: a waiting job would hold a pooled connection while the
      // holder may need one more. Busy means retry later (BullMQ backoff).
      if (!(await this.connections.tryLock(session, connectionId))) {
        throw new ConnectionBusyError(connectionId);
      }
      try {
        return await work();
      } finally {
        await this.connections.unlock(session, connectionId);
      }
    });
  }
}
