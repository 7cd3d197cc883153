import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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
    const result = await this.dataSource.transaction((manager) =>
      work({ manager, afterCommit: (callback) => callbacks.push(callback) }),
    );
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
