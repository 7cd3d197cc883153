import { DataSource } from 'typeorm';

/** The readiness probe's round-trip to PostgreSQL (no table, no domain). */
export class DatabaseHealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Resolves once PostgreSQL has answered a trivial query on a pooled connection. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
