import { Column, Entity, Unique } from 'typeorm';
import { TenantEntity } from '@/database/base.entity';

/**
 * A phone that texted STOP (or a synonym) to one of the organization's
 * numbers: nothing is sent to it from the organization until it texts START.
 */
@Entity('sms_opt_out')
@Unique('sms_opt_out_organization_phone_key', ['organizationId', 'phone'])
export class SmsOptOut extends TenantEntity {
  /** E.164 of the phone that opted out. */
  @Column({ type: 'text' })
  phone: string;

  /** The keyword texted (STOP, UNSUBSCRIBE, …). */
  @Column({ type: 'text' })
  keyword: string;
}
