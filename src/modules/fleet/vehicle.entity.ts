import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';

/**
 * A vehicle. Its latest position is kept on the row (`last*`), next to the
 * alert state that spans positions (a speeding or idle episode in progress,
 * whether the silence alert was raised), so evaluating a batch of positions
 * reads and writes one row per vehicle. Deliberately no index on the
 * `last*` columns: each batch rewrites them, and without an index touching
 * them the update can stay HOT (the stale check scans the small vehicle
 * table instead).
 */
@ObjectType('Vehicle')
@Entity('vehicle')
@Index('vehicle_organization_vin_key', ['organizationId', 'vin'], {
  unique: true,
  where: 'vin IS NOT NULL',
})
@Index('vehicle_organization_external_id_key', ['organizationId', 'externalId'], {
  unique: true,
  where: 'external_id IS NOT NULL',
})
@Unique('vehicle_organization_id_key', ['organizationId', 'id'])
export class Vehicle extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  vin: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  licensePlate: string | null;

  /** The provider's id (Samsara vehicle id) that positions from the feed are mapped by. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'uuid', nullable: true })
  driverId: string | null;

  /** Null: the organization's default (FleetSettings.defaultSpeedLimitKph). */
  @Column({ type: 'double precision', nullable: true })
  speedLimitKph: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastPositionAt: Date | null;

  @Column({ type: 'double precision', nullable: true })
  lastLat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lastLng: number | null;

  @Column({ type: 'double precision', nullable: true })
  lastSpeedKph: number | null;

  @Column({ type: 'double precision', nullable: true })
  lastHeading: number | null;

  /** Position time at which the current over-the-limit episode started; null when not speeding. */
  @Column({ type: 'timestamptz', nullable: true })
  speedingSince: Date | null;

  /** Whether the current speeding episode has had its alert (one alert per episode). */
  @Column({ type: 'boolean', default: false })
  speedingAlerted: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  idleSince: Date | null;

  @Column({ type: 'boolean', default: false })
  idleAlerted: boolean;

  /** Set when STALE_POSITION was raised; cleared by the next position. */
  @Column({ type: 'boolean', default: false })
  staleAlerted: boolean;

  @SameOrganization('Driver', 'driver_id', 'SET NULL')
  readonly driverFk?: never;
}
