import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A CRITICAL alert whose Slack post has not succeeded yet. */
export interface UnnotifiedAlert {
  id: string;
  organizationId: string;
  /** The outbox event (and BullMQ job id) of its latest `slack-alert` job. */
  notificationId: string;
  notificationRequeues: number;
  createdAt: Date;
}

const COLUMNS = `a.id, a.organization_id AS "organizationId", a.notification_id AS "notificationId",
       a.notification_requeues AS "notificationRequeues", a.created_at AS "createdAt"`;

/** The SQL of CRITICAL alerts' Slack notifications (the processor and SlackAlertReconciler). */
@Injectable()
export class FleetNotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records that the alert's Slack post succeeded. */
  async markNotified(alertId: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE fleet_alert SET notified_at = now() WHERE id = $1 AND notified_at IS NULL',
      [alertId],
    );
  }

  /**
   * Across organizations: alerts with a Slack job and no successful post,
   * raised between `maxAgeMs` and `graceMs` ago, re-sent fewer than
   * `maxRequeues` times, whose job the relay has published; oldest first.
   */
  unnotified(
    graceMs: number,
    maxAgeMs: number,
    maxRequeues: number,
    limit: number,
  ): Promise<UnnotifiedAlert[]> {
    return this.dataSource.query<UnnotifiedAlert[]>(
      `SELECT ${COLUMNS}
         FROM fleet_alert a
         LEFT JOIN outbox_event o ON o.id = a.notification_id
        WHERE a.notification_id IS NOT NULL AND a.notified_at IS NULL
          AND a.created_at < now() - make_interval(secs => $1::float8 / 1000)
          AND a.created_at > now() - make_interval(secs => $2::float8 / 1000)
          AND a.notification_requeues < $3
          AND (o.id IS NULL OR o.published_at IS NOT NULL)
        ORDER BY a.created_at
        LIMIT $4`,
      [graceMs, maxAgeMs, maxRequeues, limit],
    );
  }

  /**
   * In the transaction of `manager`: locks the alert if it still waits on
   * the job `notificationId` (nobody re-sent it or posted meanwhile).
   */
  async lockUnnotified(
    manager: EntityManager,
    id: string,
    notificationId: string,
  ): Promise<UnnotifiedAlert | undefined> {
    const [row] = await manager.query<UnnotifiedAlert[]>(
      `SELECT ${COLUMNS}
         FROM fleet_alert a
        WHERE a.id = $1 AND a.notification_id = $2 AND a.notified_at IS NULL
          FOR UPDATE SKIP LOCKED`,
      [id, notificationId],
    );
    return row;
  }

  /** The locked alert waits on a new Slack job. */
  async requeued(manager: EntityManager, id: string, notificationId: string): Promise<void> {
    await manager.query(
      `UPDATE fleet_alert SET notification_id = $2,
              notification_requeues = notification_requeues + 1
        WHERE id = $1`,
      [id, notificationId],
    );
  }
}
