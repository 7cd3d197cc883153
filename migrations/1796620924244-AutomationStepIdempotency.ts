import { MigrationInterface, QueryRunner } from 'typeorm';

export class AutomationStepIdempotency1796620924244 implements MigrationInterface {
  name = 'AutomationStepIdempotency1796620924244';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task" ADD "automation_run_id" uuid`);
    await queryRunner.query(`ALTER TABLE "task" ADD "automation_step" smallint`);
    await queryRunner.query(`ALTER TABLE "phone_message" ADD "idempotency_key" text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "task_automation_step_key" ON "task"  ("automation_run_id", "automation_step") WHERE "automation_run_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "phone_message_idempotency_key" ON "phone_message"  ("organization_id", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."phone_message_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."task_automation_step_key"`);
    await queryRunner.query(`ALTER TABLE "phone_message" DROP COLUMN "idempotency_key"`);
    await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "automation_step"`);
    await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "automation_run_id"`);
  }
}
