import { MigrationInterface, QueryRunner } from 'typeorm';

export class BatchScoringAndUsage1796608955151 implements MigrationInterface {
  name = 'BatchScoringAndUsage1796608955151';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."scoring_batch_status" AS ENUM('SUBMITTING', 'IN_PROGRESS', 'ENDED', 'FAILED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "scoring_batch" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "provider_batch_id" text, "status" "public"."scoring_batch_status" NOT NULL DEFAULT 'SUBMITTING', "model" text NOT NULL, "request_count" integer NOT NULL, "polls" integer NOT NULL DEFAULT '0', "next_poll_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "error" text, CONSTRAINT "scoring_batch_organization_id_key" UNIQUE ("organization_id", "id"), CONSTRAINT "PK_0ef5aa1f58eaf3633f18c646dfe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0b88345215d7cb4b76d76f5693" ON "scoring_batch"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "scoring_batch_open_poll_idx" ON "scoring_batch"  ("next_poll_at") WHERE status IN ('SUBMITTING', 'IN_PROGRESS')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."scoring_batch_item_status" AS ENUM('PENDING', 'SUBMITTED', 'SUCCEEDED', 'FAILED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "scoring_batch_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "job_id" uuid NOT NULL, "batch_id" uuid, "status" "public"."scoring_batch_item_status" NOT NULL DEFAULT 'PENDING', "submissions" integer NOT NULL DEFAULT '0', "errors" integer NOT NULL DEFAULT '0', "last_result" text, CONSTRAINT "PK_34c909b60058aa86d393b8a3862" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4a884f90812846a7d99a8e597c" ON "scoring_batch_item"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "scoring_batch_item_batch_idx" ON "scoring_batch_item"  ("batch_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "scoring_batch_item_pending_idx" ON "scoring_batch_item"  ("organization_id", "created_at") WHERE status = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "scoring_batch_item_job_key" ON "scoring_batch_item"  ("job_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."campaign_scoring_mode" AS ENUM('REALTIME', 'BATCH')`,
    );
    await queryRunner.query(
      `ALTER TABLE "campaign" ADD "scoring_mode" "public"."campaign_scoring_mode" NOT NULL DEFAULT 'REALTIME'`,
    );
    await queryRunner.query(
      `ALTER TABLE "call_score" ADD "usage" jsonb NOT NULL DEFAULT '{"inputTokens":0,"outputTokens":0,"cacheReadTokens":0,"cacheWriteTokens":0,"costUsd":0,"batch":false}'::jsonb`,
    );
    await queryRunner.query(`ALTER TABLE "call_score" ALTER COLUMN "usage" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TABLE "scoring_job" ADD CONSTRAINT "scoring_job_organization_id_key" UNIQUE ("organization_id", "id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "scoring_batch" ADD CONSTRAINT "FK_0b88345215d7cb4b76d76f56937" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "scoring_batch_item" ADD CONSTRAINT "FK_4a884f90812846a7d99a8e597c6" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "scoring_batch_item" ADD CONSTRAINT "FK_c8864d0ea03771f3e2dfda50faf" FOREIGN KEY ("job_id", "organization_id") REFERENCES "scoring_job"("id","organization_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "scoring_batch_item" ADD CONSTRAINT "FK_e5fddea470cc977e4ed108f7e59" FOREIGN KEY ("batch_id", "organization_id") REFERENCES "scoring_batch"("id","organization_id") ON DELETE SET NULL ("batch_id") ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "scoring_batch_item" DROP CONSTRAINT "FK_e5fddea470cc977e4ed108f7e59"`,
    );
    await queryRunner.query(
      `ALTER TABLE "scoring_batch_item" DROP CONSTRAINT "FK_c8864d0ea03771f3e2dfda50faf"`,
    );
    await queryRunner.query(
      `ALTER TABLE "scoring_batch_item" DROP CONSTRAINT "FK_4a884f90812846a7d99a8e597c6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "scoring_batch" DROP CONSTRAINT "FK_0b88345215d7cb4b76d76f56937"`,
    );
    await queryRunner.query(
      `ALTER TABLE "scoring_job" DROP CONSTRAINT "scoring_job_organization_id_key"`,
    );
    await queryRunner.query(`ALTER TABLE "call_score" DROP COLUMN "usage"`);
    await queryRunner.query(`ALTER TABLE "campaign" DROP COLUMN "scoring_mode"`);
    await queryRunner.query(`DROP TYPE "public"."campaign_scoring_mode"`);
    await queryRunner.query(`DROP INDEX "public"."scoring_batch_item_job_key"`);
    await queryRunner.query(`DROP INDEX "public"."scoring_batch_item_pending_idx"`);
    await queryRunner.query(`DROP INDEX "public"."scoring_batch_item_batch_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4a884f90812846a7d99a8e597c"`);
    await queryRunner.query(`DROP TABLE "scoring_batch_item"`);
    await queryRunner.query(`DROP TYPE "public"."scoring_batch_item_status"`);
    await queryRunner.query(`DROP INDEX "public"."scoring_batch_open_poll_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0b88345215d7cb4b76d76f5693"`);
    await queryRunner.query(`DROP TABLE "scoring_batch"`);
    await queryRunner.query(`DROP TYPE "public"."scoring_batch_status"`);
  }
}
