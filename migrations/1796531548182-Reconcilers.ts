import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the reconcilers need (issue 16): a scoring job counts the times its
 * lost queue message was sent again; a CRITICAL fleet alert records the
 * outbox event of its Slack job, when the post succeeded, and its re-sends.
 * Partial indexes keep the reconcilers' scans to the work still waiting.
 */
export class Reconcilers1796531548182 implements MigrationInterface {
  name = 'Reconcilers1796531548182';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fleet_alert" ADD "notification_id" uuid`);
    await queryRunner.query(`ALTER TABLE "fleet_alert" ADD "notified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "fleet_alert" ADD "notification_requeues" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "scoring_job" ADD "requeues" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `CREATE INDEX "fleet_alert_unnotified_idx" ON "fleet_alert"  ("created_at") WHERE notification_id IS NOT NULL AND notified_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "scoring_job_open_updated_idx" ON "scoring_job"  ("updated_at") WHERE status IN ('QUEUED', 'RUNNING')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."scoring_job_open_updated_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fleet_alert_unnotified_idx"`);
    await queryRunner.query(`ALTER TABLE "scoring_job" DROP COLUMN "requeues"`);
    await queryRunner.query(`ALTER TABLE "fleet_alert" DROP COLUMN "notification_requeues"`);
    await queryRunner.query(`ALTER TABLE "fleet_alert" DROP COLUMN "notified_at"`);
    await queryRunner.query(`ALTER TABLE "fleet_alert" DROP COLUMN "notification_id"`);
  }
}
