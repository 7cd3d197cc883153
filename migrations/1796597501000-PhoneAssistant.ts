import { MigrationInterface, QueryRunner } from 'typeorm';

export class PhoneAssistant1796597501000 implements MigrationInterface {
  name = 'PhoneAssistant1796597501000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."call_handler" AS ENUM('AGENT', 'ASSISTANT')`);
    await queryRunner.query(
      `ALTER TABLE "call" ADD "handled_by" "public"."call_handler" NOT NULL DEFAULT 'AGENT'`,
    );
    await queryRunner.query(`ALTER TABLE "call" ADD "caller_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "phone_number" ADD "voice_assistant" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "phone_number" ADD "sms_assistant" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`CREATE INDEX "app_user_phone_idx" ON "app_user"  ("phone") `);
    await queryRunner.query(
      `ALTER TABLE "call" ADD CONSTRAINT "FK_6ea8705505f1201c7ab0e7279a9" FOREIGN KEY ("caller_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "call" DROP CONSTRAINT "FK_6ea8705505f1201c7ab0e7279a9"`);
    await queryRunner.query(`DROP INDEX "public"."app_user_phone_idx"`);
    await queryRunner.query(`ALTER TABLE "phone_number" DROP COLUMN "sms_assistant"`);
    await queryRunner.query(`ALTER TABLE "phone_number" DROP COLUMN "voice_assistant"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "caller_id"`);
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "handled_by"`);
    await queryRunner.query(`DROP TYPE "public"."call_handler"`);
  }
}
