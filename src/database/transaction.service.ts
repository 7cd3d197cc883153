import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { activeTraceparent } from '@/observability/trace-context';

/**
 * The transaction-local setting that holds the trace context of the work
 * running in the transaction (when tracing is on), for the outbox rows it
 * writes: `outbox_event.traceparent` defaults to it.
 */
export const TRACEPARENT_SETTING = 'switchboard.traceparent';

/** A unit of work: the transaction's manager, and callbacks to run once it has committed. */
export interface Transaction {
  readonly manager: EntityManager;
  afterCommit(callback: () => void): void;
}

@Injectable()
export class TransactionService {
  private readonly logger = new Logger(TransactionService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one database transaction. Callbacks registered with
   * `afterCommit` run only when the commit succeeded (never on rollback), so
   * nothing outside the database learns of a change that did not happen.
   */
  async run<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    const callbacks: Array<() => void> = [];
    const traceparent = activeTraceparent();
    const result = await this.dataSource.transaction(async (manager) => {
      // Only when tracing is on and a span is active: one more statement.
      if (traceparent) {
        await manager.query(`SELECT set_config('${TRACEPARENT_SETTING}', $1, true)`, [traceparent]);
      }
      return work({ manager, afterCommit: (callback) => callbacks.push(callback) });
    });
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        this.logger.error({ err: error }, 'after-commit callback failed');
      }
    }
    return result;
  }
}
