import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface PhoneNumberOwner {
  organizationId: string;
  campaignId: string | null;
}

/** Where a call or text to one of the organizations' numbers goes. */
export interface PhoneNumberRoute extends PhoneNumberOwner {
  phoneNumberId: string;
  number: string;
  voiceAssistant: boolean;
  smsAssistant: boolean;
}

/**
 * The SQL of phone numbers that looks across organizations on purpose: a
 * number belongs to one organization only, and a Twilio callback names a
 * number, not a tenant. Per-organization reads and writes of numbers go
 * through TenantScope. Pass the transaction's manager when inside one.
 */
@Injectable()
export class PhoneNumberRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether any organization has registered this number. */
  async isTaken(
    number: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const taken = await manager.query<unknown[]>(
      'SELECT 1 FROM phone_number WHERE number = $1 LIMIT 1',
      [number],
    );
    return taken.length > 0;
  }

  /** The owner of the first of `numbers` (in the given order) that is registered. */
  async ownerOf(
    numbers: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PhoneNumberOwner | null> {
    if (numbers.length === 0) return null;
    const rows = await manager.query<
      Array<{ number: string; organization_id: string; campaign_id: string | null }>
    >(
      'SELECT number, organization_id, campaign_id FROM phone_number WHERE number = ANY($1::text[])',
      [numbers],
    );
    const first = numbers.map((number) => rows.find((row) => row.number === number)).find(Boolean);
    return first ? { organizationId: first.organization_id, campaignId: first.campaign_id } : null;
  }

  /** The route of the number dialled or texted, or null when no organization has it. */
  async routeOf(
    number: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PhoneNumberRoute | null> {
    const rows = await manager.query<
      Array<{
        id: string;
        number: string;
        organization_id: string;
        campaign_id: string | null;
        voice_assistant: boolean;
        sms_assistant: boolean;
      }>
    >(
      `SELECT id, number, organization_id, campaign_id, voice_assistant, sms_assistant
         FROM phone_number WHERE number = $1`,
      [number],
    );
    const row = rows[0];
    return row
      ? {
          phoneNumberId: row.id,
          number: row.number,
          organizationId: row.organization_id,
          campaignId: row.campaign_id,
          voiceAssistant: row.voice_assistant,
          smsAssistant: row.sms_assistant,
        }
      : null;
  }
}
