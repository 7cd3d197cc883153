import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { References, SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { AlertKind, AlertSeverity } from './fleet.enums';

@ObjectType('FleetAlert')
@Entity('fleet_alert')
@Index('fleet_alert_organization_at_idx', ['organizationId', 'at'])
@Index('fleet_alert_vehicle_at_idx', ['vehicleId', 'at'])
@Index('fleet_alert_unnotified_idx', ['createdAt'], {
  where: 'notification_id IS NOT NULL AND notified_at IS NULL',
})
export class FleetAlert extends TenantEntity {
  @Field(() => AlertKind)
  @Column({ type: 'enum', enum: AlertKind, enumName: 'fleet_alert_kind' })
  kind: AlertKind;

  @Field(() => AlertSeverity)
  @Column({ type: 'enum', enum: AlertSeverity, enumName: 'fleet_alert_severity' })
  severity: AlertSeverity;

  @Field()
  @Column({ type: 'text' })
  message: string;

  @Column('uuid')
  vehicleId: string;

  /** For GEOFENCE_ENTER / GEOFENCE_EXIT. */
  @Column({ type: 'uuid', nullable: true })
  geofenceId: string | null;

  /** Position time of the condition (or detection time for STALE_POSITION). */
  @Field()
  @Column({ type: 'timestamptz' })
  at: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedById: string | null;

  /**
   * For a CRITICAL alert: the outbox event carrying its latest `slack-alert`
   * job (the relay makes its id the BullMQ job id), so the Slack
   * notification reconciler can tell whether the queue still holds it.
   */
  @Column({ type: 'uuid', nullable: true })
  notificationId: string | null;

  /** When its Slack post succeeded; a job finding it set posts nothing. */
  @Column({ type: 'timestamptz', nullable: true })
  notifiedAt: Date | null;

  /** Times the reconciler re-sent the `slack-alert` job the queue had lost (at most RECONCILE_MAX_REQUEUES). */
  @Column({ type: 'int', default: 0 })
  notificationRequeues: number;

  @SameOrganization('Vehicle', 'vehicle_id', 'CASCADE')
  readonly vehicleFk?: never;

  @SameOrganization('Geofence', 'geofence_id', 'SET NULL')
  readonly geofenceFk?: never;

  @References('User', 'acknowledged_by_id', 'SET NULL')
  readonly acknowledgedByFk?: never;
}
