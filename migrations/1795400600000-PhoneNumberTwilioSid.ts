import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A phone number keeps the SID Twilio gave it once the configured Twilio
 * account proved to own it; numbers added without Twilio (or before this
 * migration) have none.
 */
export class PhoneNumberTwilioSid1795400600000 implements MigrationInterface {
  name = 'PhoneNumberTwilioSid1795400600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "phone_number" ADD "twilio_sid" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "phone_number" DROP COLUMN "twilio_sid"`);
  }
}
