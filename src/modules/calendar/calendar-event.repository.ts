import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, DeepPartial, EntityManager } from 'typeorm';
import { TenantScope } from '@/database/tenant-scope';
import { CalendarEvent } from './calendar-event.entity';
import { EventSource } from './calendar.enums';

/**
 * Calendar events' SQL: the range query behind `events` and `availability`,
 * and what the Google sync and disconnection do to a connection's rows.
 * Every method takes the organization (or a row that carries it); methods
 * used inside a transaction take its manager.
 */
@Injectable()
export class CalendarEventRepository {
  constructor(
    private readonly tenants: TenantScope,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Rows that may have an occurrence in [from, to): events overlapping the
   * range and every series master starting before its end.
   */
  inRange(organizationId: string, from: Date, to: Date): Promise<CalendarEvent[]> {
    return this.tenants
      .for({ organizationId })
      .repository(CalendarEvent)
      .createQueryBuilder('event')
      .andWhere('event.cancelled = false')
      .andWhere('event.startsAt < :to', { to })
      .andWhere(
        new Brackets((where) =>
          where
            .where('event.recurrence IS NOT NULL AND event.recurringEventId IS NULL')
            .orWhere('event.endsAt > :from', { from }),
        ),
      )
      .getMany();
  }

  /** Override rows (moved or edited instances) of the given series. */
  overridesOf(organizationId: string, masterIds: string[]): Promise<CalendarEvent[]> {
    if (masterIds.length === 0) return Promise.resolve([]);
    return this.tenants
      .for({ organizationId })
      .repository(CalendarEvent)
      .createQueryBuilder('event')
      .andWhere('event.recurringEventId IN (:...ids)', { ids: masterIds })
      .getMany();
  }

  /** A connection's row for a Google id, soft-deleted ones included. */
  findByExternalId(
    manager: EntityManager,
    organizationId: string,
    connectionId: string,
    externalId: string,
  ): Promise<CalendarEvent | null> {
    return manager.getRepository(CalendarEvent).findOne({
      where: { organizationId, connectionId, externalId },
      withDeleted: true,
    });
  }

  /** A connection's event, soft-deleted ones included. */
  findInConnection(
    organizationId: string,
    connectionId: string,
    eventId: string,
  ): Promise<CalendarEvent | null> {
    return this.dataSource.getRepository(CalendarEvent).findOne({
      where: { id: eventId, organizationId, connectionId },
      withDeleted: true,
    });
  }

  /** An event by id, soft-deleted ones included. */
  findWithDeleted(organizationId: string, id: string): Promise<CalendarEvent | null> {
    return this.dataSource
      .getRepository(CalendarEvent)
      .findOne({ where: { id, organizationId }, withDeleted: true });
  }

  findOne(organizationId: string, id: string): Promise<CalendarEvent | null> {
    return this.dataSource.getRepository(CalendarEvent).findOneBy({ id, organizationId });
  }

  /** An unsaved row of the organization. */
  build(manager: EntityManager, data: DeepPartial<CalendarEvent>): CalendarEvent {
    return manager.getRepository(CalendarEvent).create(data);
  }

  save(manager: EntityManager, row: CalendarEvent): Promise<CalendarEvent> {
    return manager.getRepository(CalendarEvent).save(row);
  }

  /** Local changes Google has not received (series before their instances). */
  pendingPushes(organizationId: string, connectionId: string): Promise<CalendarEvent[]> {
    return this.dataSource
      .getRepository(CalendarEvent)
      .createQueryBuilder('event')
      .withDeleted()
      .where('event.organizationId = :organizationId AND event.connectionId = :connectionId', {
        organizationId,
        connectionId,
      })
      .andWhere('(event.pendingPush = true OR event.deletedAt IS NOT NULL)')
      .orderBy('event.recurringEventId IS NOT NULL', 'ASC')
      .addOrderBy('event.updatedAt', 'ASC')
      .getMany();
  }

  /** Deletes the event and its override rows for good. */
  async removeWithOverrides(
    event: CalendarEvent,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.delete(CalendarEvent, {
      organizationId: event.organizationId,
      recurringEventId: event.id,
    });
    await manager.delete(CalendarEvent, { organizationId: event.organizationId, id: event.id });
  }

  /** After a full listing: deletes the connection's synced rows Google did not list; their count. */
  async removeUnseen(
    manager: EntityManager,
    organizationId: string,
    connectionId: string,
    seen: ReadonlySet<string>,
  ): Promise<number> {
    // A DELETE answers [rows, rowCount] through TypeORM's postgres driver.
    const [removed] = await manager.query<[Array<{ id: string }>, number]>(
      `DELETE FROM calendar_event
        WHERE organization_id = $1 AND connection_id = $2 AND external_id IS NOT NULL
          AND deleted_at IS NULL AND NOT (external_id = ANY($3::text[]))
        RETURNING id`,
      [organizationId, connectionId, [...seen]],
    );
    return removed.length;
  }

  /** Points Google exceptions at their series by its Google id. */
  async linkExceptions(
    manager: EntityManager,
    organizationId: string,
    connectionId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE calendar_event e SET recurring_event_id = m.id
         FROM calendar_event m
        WHERE e.organization_id = $1 AND e.connection_id = $2
          AND e.external_recurring_id IS NOT NULL
          AND m.organization_id = e.organization_id AND m.connection_id = e.connection_id
          AND m.external_id = e.external_recurring_id AND m.deleted_at IS NULL
          AND e.recurring_event_id IS DISTINCT FROM m.id`,
      [organizationId, connectionId],
    );
  }

  /** Deletes for good the series' override rows already deleted locally. */
  async purgeDeletedOverrides(master: CalendarEvent): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM calendar_event WHERE organization_id = $1 AND recurring_event_id = $2
          AND deleted_at IS NOT NULL`,
      [master.organizationId, master.id],
    );
  }

  async clearPendingPush(manager: EntityManager, event: CalendarEvent): Promise<void> {
    await manager.update(
      CalendarEvent,
      { id: event.id, organizationId: event.organizationId },
      { pendingPush: false },
    );
  }

  /**
   * Records what Google answered to a push. Only what the push changed: a
   * newer local edit (pendingPush set again since `seen`) must not be cleared.
   */
  async markPushed(
    event: CalendarEvent,
    pushed: { externalId: string | null; etag: string | null; remoteUpdatedAt: Date | null },
  ): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(CalendarEvent)
      .set({
        externalId: pushed.externalId,
        etag: pushed.etag,
        remoteUpdatedAt: pushed.remoteUpdatedAt,
        // updated_at has microseconds, the loaded Date milliseconds.
        pendingPush: () =>
          `CASE WHEN date_trunc('milliseconds', updated_at) > :seen THEN pending_push ELSE false END`,
        updatedAt: () => 'updated_at',
      })
      .where('id = :id', { id: event.id, seen: event.updatedAt })
      .execute();
  }

  /**
   * A disconnected calendar: its Google events go, local events pushed to it
   * stay, detached.
   */
  async detachFromConnection(
    manager: EntityManager,
    organizationId: string,
    connectionId: string,
  ): Promise<void> {
    await manager.delete(CalendarEvent, {
      organizationId,
      connectionId,
      source: EventSource.GOOGLE,
    });
    await manager.update(
      CalendarEvent,
      { organizationId, connectionId },
      {
        connectionId: null,
        externalId: null,
        externalRecurringId: null,
        etag: null,
        pendingPush: false,
      },
    );
  }
}
