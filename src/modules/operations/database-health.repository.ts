import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The readiness probe's round-trip to PostgreSQL (no table, no domain). */
@Injectable()
export class DatabaseHealthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Resolves once PostgreSQL has answered a trivial query on a pooled connection. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
