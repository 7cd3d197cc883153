import { MigrationInterface, QueryRunner } from 'typeorm';

export class Calls1795318498107 implements MigrationInterface {
  name = 'Calls1795318498107';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "campaign" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "script" text, "active" boolean NOT NULL DEFAULT true, "scorecard_id" uuid, CONSTRAINT "PK_0ce34d26e7f2eb316a3a592cdc4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8e2fbfe1fc6dc632c4631a1224" ON "campaign"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "campaign_organization_name_idx" ON "campaign"  ("organization_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "scorecard" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "version" integer NOT NULL, "criteria" jsonb NOT NULL, CONSTRAINT "PK_bcadf4539dab46678db1748dcd1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3f4f911f3b6059974f673d57e5" ON "scorecard"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "scorecard_campaign_version_key" ON "scorecard"  ("campaign_id", "version") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."call_direction" AS ENUM('INBOUND', 'OUTBOUND')`);
    await queryRunner.query(
      `CREATE TYPE "public"."call_status" AS ENUM('QUEUED', 'RINGING', 'IN_PROGRESS', 'COMPLETED', 'BUSY', 'NO_ANSWER', 'FAILED', 'CANCELED')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."call_score_status" AS ENUM('NOT_SCORED', 'QUEUED', 'SCORING', 'SCORED', 'FAILED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "call" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "direction" "public"."call_direction" NOT NULL, "from" text NOT NULL, "to" text NOT NULL, "status" "public"."call_status" NOT NULL, "status_timeline" jsonb NOT NULL DEFAULT '[]', "agent_id" uuid, "campaign_id" uuid, "twilio_call_sid" text, "external_id" text, "started_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "duration_sec" integer, "recording_url" text, "transcript" jsonb NOT NULL DEFAULT '[]', "score_status" "public"."call_score_status" NOT NULL DEFAULT 'NOT_SCORED', "score_id" uuid, CONSTRAINT "PK_2098af0169792a34f9cfdd39c47" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1815eb1852f9c71515d2c379ca" ON "call"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "call_organization_created_idx" ON "call"  ("organization_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "call_organization_agent_idx" ON "call"  ("organization_id", "agent_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "call_organization_campaign_started_idx" ON "call"  ("organization_id", "campaign_id", "started_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "call_organization_external_id_key" ON "call"  ("organization_id", "external_id") WHERE "external_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "call_twilio_call_sid_key" ON "call"  ("twilio_call_sid") WHERE "twilio_call_sid" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "phone_number" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "number" text NOT NULL, "campaign_id" uuid, CONSTRAINT "PK_c16f58426537a660b3f2a26e983" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_275a8d3958ccb3e903299211e9" ON "phone_number"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "phone_number_number_key" ON "phone_number"  ("number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "call_score" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "call_id" uuid NOT NULL, "scorecard_id" uuid NOT NULL, "scorecard_version" integer NOT NULL, "overall" double precision NOT NULL, "criteria" jsonb NOT NULL, "metrics" jsonb NOT NULL, "scorer" text NOT NULL, "model" text, CONSTRAINT "PK_15a2b9f1b7dd90bd2280bd895d2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_db062eeecbe76b4274fa92029f" ON "call_score"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "call_score_organization_scorecard_idx" ON "call_score"  ("organization_id", "scorecard_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "call_score_call_version_key" ON "call_score"  ("call_id", "scorecard_version") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."scoring_job_status" AS ENUM('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "scoring_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "call_id" uuid NOT NULL, "scorecard_id" uuid NOT NULL, "scorecard_version" integer NOT NULL, "status" "public"."scoring_job_status" NOT NULL DEFAULT 'QUEUED', "attempts" integer NOT NULL DEFAULT '0', "error" text, "score_id" uuid, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c269f73858d80cf687759747cd3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6a0b6ddacba74e7c5bf76890e7" ON "scoring_job"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "scoring_job_call_version_key" ON "scoring_job"  ("call_id", "scorecard_version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "twilio_webhook_receipt" ("key" text NOT NULL, "organization_id" uuid, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ca20317b363b0877c7c4200aded" PRIMARY KEY ("key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "twilio_webhook_receipt"`);
    await queryRunner.query(`DROP INDEX "public"."scoring_job_call_version_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6a0b6ddacba74e7c5bf76890e7"`);
    await queryRunner.query(`DROP TABLE "scoring_job"`);
    await queryRunner.query(`DROP TYPE "public"."scoring_job_status"`);
    await queryRunner.query(`DROP INDEX "public"."call_score_call_version_key"`);
    await queryRunner.query(`DROP INDEX "public"."call_score_organization_scorecard_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_db062eeecbe76b4274fa92029f"`);
    await queryRunner.query(`DROP TABLE "call_score"`);
    await queryRunner.query(`DROP INDEX "public"."phone_number_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_275a8d3958ccb3e903299211e9"`);
    await queryRunner.query(`DROP TABLE "phone_number"`);
    await queryRunner.query(`DROP INDEX "public"."call_twilio_call_sid_key"`);
    await queryRunner.query(`DROP INDEX "public"."call_organization_external_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."call_organization_campaign_started_idx"`);
    await queryRunner.query(`DROP INDEX "public"."call_organization_agent_idx"`);
    await queryRunner.query(`DROP INDEX "public"."call_organization_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1815eb1852f9c71515d2c379ca"`);
    await queryRunner.query(`DROP TABLE "call"`);
    await queryRunner.query(`DROP TYPE "public"."call_score_status"`);
    await queryRunner.query(`DROP TYPE "public"."call_status"`);
    await queryRunner.query(`DROP TYPE "public"."call_direction"`);
    await queryRunner.query(`DROP INDEX "public"."scorecard_campaign_version_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3f4f911f3b6059974f673d57e5"`);
    await queryRunner.query(`DROP TABLE "scorecard"`);
    await queryRunner.query(`DROP INDEX "public"."campaign_organization_name_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8e2fbfe1fc6dc632c4631a1224"`);
    await queryRunner.query(`DROP TABLE "campaign"`);
  }
}
