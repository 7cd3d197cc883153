import { MigrationInterface, QueryRunner } from 'typeorm';

export class CallTranscripts1796609693366 implements MigrationInterface {
  name = 'CallTranscripts1796609693366';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "call" ADD "recording_sid" text`);
    await queryRunner.query(
      `CREATE TYPE "public"."call_transcript_status" AS ENUM('NONE', 'PENDING', 'REQUESTED', 'COMPLETED', 'FAILED', 'UNAVAILABLE')`,
    );
    await queryRunner.query(
      `ALTER TABLE "call" ADD "transcript_status" "public"."call_transcript_status" NOT NULL DEFAULT 'NONE'`,
    );
    await queryRunner.query(`ALTER TABLE "call" ADD "transcript_error" text`);
    await queryRunner.query(`ALTER TABLE "call" ADD "transcript_sid" text`);
    await queryRunner.query(
      `ALTER TABLE "call" ADD "transcript_attempts" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "call" ADD "transcript_requested_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "call" ADD "transcript_polls" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE "call" ADD "transcript_message_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "call" ADD "transcript_changed_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "call" ADD "transcript_requeues" integer NOT NULL DEFAULT '0'`,
    );
    // Calls stored with a transcript (importCall, the voice assistant) have it complete.
    await queryRunner.query(
      `UPDATE "call" SET "transcript_status" = 'COMPLETED' WHERE jsonb_array_length("transcript") > 0`,
    );
    await queryRunner.query(
      `CREATE INDEX "call_transcript_waiting_idx" ON "call"  ("transcript_changed_at") WHERE "transcript_status" IN ('PENDING', 'REQUESTED')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "call_transcript_sid_key" ON "call"  ("transcript_sid") WHERE "transcript_sid" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."call_transcript_sid_key"`);
    await queryRunner.query(`DROP INDEX "public"."call_transcript_waiting_idx"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "transcript_requeues"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "transcript_changed_at"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "transcript_message_id"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "transcript_polls"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "transcript_requested_at"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "transcript_attempts"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "transcript_sid"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "transcript_error"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "transcript_status"`);
    await queryRunner.query(`DROP TYPE "public"."call_transcript_status"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "recording_sid"`);
  }
}
