import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { SameOrganization } from '../../../database/references';
import { TenantEntity } from '../../../database/base.entity';

/**
 * A Twilio number of an organization. Twilio's webhooks name numbers, not
 * organizations: the number called (inbound) or calling (outbound) says whose
 * call it is, so a number belongs to one organization at most.
 */
@ObjectType('PhoneNumber')
@Entity('phone_number')
@Index('phone_number_number_key', ['number'], { unique: true })
export class PhoneNumber extends TenantEntity {
  @Field({ description: 'E.164, e.g. +14155550100.' })
  @Column({ type: 'text' })
  number: string;

  /** Calls on this number join this campaign. */
  @Column({ type: 'uuid', nullable: true })
  campaignId: string | null;

  @SameOrganization('Campaign', 'campaign_id', 'SET NULL')
  readonly campaignFk?: never;
}
