import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';

/**
 * A Twilio number of an organization. Twilio's webhooks name numbers, not
 * organizations: the number called (inbound) or calling (outbound) says whose
 * call it is, so a number belongs to one organization at most. When Twilio is
 * configured a number is only added once the account proved to own it, and
 * keeps the SID Twilio gave it.
 */
@ObjectType('PhoneNumber')
@Entity('phone_number')
@Index('phone_number_number_key', ['number'], { unique: true })
export class PhoneNumber extends TenantEntity {
  @Field({ description: 'E.164, e.g. +14155550100.' })
  @Column({ type: 'text' })
  number: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Twilio's SID of the number (PN…), read from the account when the number was added; null when it was added while Twilio was not configured (unverified).",
  })
  @Column({ type: 'text', nullable: true })
  twilioSid: string | null;

  @Field({
    description:
      'Callers to this number reach the voice assistant (caller ID and voice PIN, then spoken requests) instead of an agent.',
  })
  @Column({ type: 'boolean', default: false })
  voiceAssistant: boolean;

  @Field({
    description:
      'Text messages to this number reach the assistant (a voice PIN unlocks the sender for a while). STOP/START/HELP are honoured either way.',
  })
  @Column({ type: 'boolean', default: false })
  smsAssistant: boolean;

  /** Calls on this number join this campaign. */
  @Column({ type: 'uuid', nullable: true })
  campaignId: string | null;

  @SameOrganization('Campaign', 'campaign_id', 'SET NULL')
  readonly campaignFk?: never;
}
