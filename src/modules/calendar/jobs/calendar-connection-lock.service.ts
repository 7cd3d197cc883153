import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: CalendarConnectionRepository,
  ) {}

  /** Runs `work` holding the connection's advisory lock (session level, on its own connection). */
  async exclusive<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Try, never wait: a waiting job would hold a pooled connection while the
      // holder may need one more. Busy means retry later (BullMQ backoff).
      if (!(await this.connections.tryLock(runner.manager, connectionId))) {
        throw new ConnectionBusyError(connectionId);
      }
      try {
        return await work();
      } finally {
        await this.connections.unlock(runner.manager, connectionId);
      }
    } finally {
      await runner.release();
    }
  }
}
