import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from '@/database/base.entity';

/** The SPEC §7 defaults; an organization without a settings row uses these. */
export const FLEET_DEFAULTS = {
  defaultSpeedLimitKph: 100,
  speedingMinSeconds: 60,
  staleAfterMinutes: 15,
  idleAfterMinutes: 10,
} as const;

/**
 * Per-organization fleet settings (one row at most). The Slack incoming
 * webhook URL is a secret: stored sealed by SecretBox, never shown back.
 */
@ObjectType('FleetSettings')
@Entity('fleet_settings')
@Index('fleet_settings_organization_key', ['organizationId'], { unique: true })
export class FleetSettings extends TenantEntity {
  @Field(() => Float, { description: 'Speed limit of vehicles without one of their own.' })
  @Column({ type: 'double precision', default: FLEET_DEFAULTS.defaultSpeedLimitKph })
  defaultSpeedLimitKph: number;

  @Field(() => Int, { description: 'SPEEDING needs this long over the limit (position time).' })
  @Column({ type: 'int', default: FLEET_DEFAULTS.speedingMinSeconds })
  speedingMinSeconds: number;

  @Field(() => Int, { description: 'STALE_POSITION after this long without a position.' })
  @Column({ type: 'int', default: FLEET_DEFAULTS.staleAfterMinutes })
  staleAfterMinutes: number;

  @Field(() => Int, { description: 'IDLE after this long at (about) zero speed.' })
  @Column({ type: 'int', default: FLEET_DEFAULTS.idleAfterMinutes })
  idleAfterMinutes: number;

  @Column({ type: 'text', nullable: true })
  slackWebhookSealed: string | null;
}
