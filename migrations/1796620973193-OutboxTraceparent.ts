import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxTraceparent1796620973193 implements MigrationInterface {
  name = 'OutboxTraceparent1796620973193';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "outbox_event" ADD "traceparent" text DEFAULT NULLIF(current_setting('switchboard.traceparent'::text, true), ''::text)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_event" DROP COLUMN "traceparent"`);
  }
}
