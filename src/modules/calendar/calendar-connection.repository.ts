import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarConnection } from './calendar-connection.entity';

export type ConnectionState = Partial<
  Pick<CalendarConnection, 'status' | 'syncToken' | 'lastSyncedAt' | 'lastError'>
>;

/**
 * Calendar connections beyond what TenantScope offers: the sealed refresh
 * token (not selected by default), the sync state the worker writes, the
 * advisory lock that keeps one connection's sync and push apart, and the
 * list the scheduler reconciles. The worker's methods take a connection id
 * alone because job payloads carry ids only: the row names its organization.
 */
@Injectable()
export class CalendarConnectionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The connection with its sealed token, for the sync worker. */
  findWithToken(connectionId: string): Promise<CalendarConnection | null> {
    return this.dataSource
      .getRepository(CalendarConnection)
      .createQueryBuilder('connection')
      .addSelect('connection.refreshTokenSealed')
      .where('connection.id = :id', { id: connectionId })
      .getOne();
  }

  /** The connection with its sealed token, within one organization. */
  findWithTokenIn(
    organizationId: string,
    connectionId: string,
  ): Promise<CalendarConnection | null> {
    return this.dataSource
      .getRepository(CalendarConnection)
      .createQueryBuilder('connection')
      .addSelect('connection.refreshTokenSealed')
      .where('connection.id = :id AND connection.organizationId = :organizationId', {
        id: connectionId,
        organizationId,
      })
      .getOne();
  }

  async setState(connectionId: string, state: ConnectionState): Promise<void> {
    await this.dataSource.getRepository(CalendarConnection).update({ id: connectionId }, state);
  }

  /** Every connection's id and status, across organizations (schedule reconciliation). */
  statuses(): Promise<Array<Pick<CalendarConnection, 'id' | 'organizationId' | 'status'>>> {
    return this.dataSource.getRepository(CalendarConnection).find({
      select: { id: true, organizationId: true, status: true },
    });
  }

  /** Runs `work` on a database connection of its own (session-level locks live on it). */
  async inOwnSession<T>(work: (session: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }

  /**
   * Session-level advisory lock of a connection. `session` comes from
   * `inOwnSession`: the lock belongs to its connection.
   * Tries, never waits.
   */
  async tryLock(session: EntityManager, connectionId: string): Promise<boolean> {
    const rows = await session.query<Array<{ locked: boolean }>>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [`calendar:${connectionId}`],
    );
    return Boolean(rows[0]?.locked);
  }

  async unlock(session: EntityManager, connectionId: string): Promise<void> {
    await session.query('SELECT pg_advisory_unlock(hashtext($1))', [`calendar:${connectionId}`]);
  }
}
