import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox relay's lease: a claim commits on its own (claim_token,
 * claimed_until) instead of a transaction held open while the relay publishes
 * to Redis; a row whose lease ran out is claimed again by another relay.
 */
export class OutboxLease1796531189855 implements MigrationInterface {
  name = 'OutboxLease1796531189855';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_event" ADD "claim_token" uuid`);
    await queryRunner.query(
      `ALTER TABLE "outbox_event" ADD "claimed_until" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_event" DROP COLUMN "claimed_until"`);
    await queryRunner.query(`ALTER TABLE "outbox_event" DROP COLUMN "claim_token"`);
  }
}
