import { MigrationInterface, QueryRunner } from 'typeorm';

export class Automations1796608969105 implements MigrationInterface {
  name = 'Automations1796608969105';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "automation_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "automation_id" uuid NOT NULL, "trigger" text NOT NULL, "event_key" text NOT NULL, "event" jsonb NOT NULL DEFAULT '{}', "status" text NOT NULL, "skip_reason" text, "error" text, "chain_depth" integer NOT NULL DEFAULT '0', "caused_by_run_id" uuid, "steps" jsonb NOT NULL DEFAULT '[]', "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4ff55678add249448424b660bfc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b75445e5d9ad3baad6501871e7" ON "automation_run"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "automation_run_status_idx" ON "automation_run"  ("status", "updated_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "automation_run_automation_created_idx" ON "automation_run"  ("organization_id", "automation_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "automation_run_event_key" ON "automation_run"  ("automation_id", "event_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "automation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "trigger" text NOT NULL, "trigger_options" jsonb NOT NULL DEFAULT '{}', "condition" jsonb, "actions" jsonb NOT NULL, "created_by_user_id" uuid, "consecutive_failures" integer NOT NULL DEFAULT '0', "disabled_reason" text, CONSTRAINT "automation_organization_id_key" UNIQUE ("organization_id", "id"), CONSTRAINT "PK_6c0430b160cab96bd145ca5297d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_be6dcf91fdd054dddab48bc8bd" ON "automation"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "automation_organization_trigger_idx" ON "automation"  ("organization_id", "trigger", "enabled") `,
    );
    await queryRunner.query(
      `ALTER TABLE "automation_run" ADD CONSTRAINT "FK_b75445e5d9ad3baad6501871e79" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "automation_run" ADD CONSTRAINT "FK_66c79ac3ecdf5600ebfa02cf9fd" FOREIGN KEY ("automation_id", "organization_id") REFERENCES "automation"("id","organization_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "automation" ADD CONSTRAINT "FK_be6dcf91fdd054dddab48bc8bdd" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "automation" ADD CONSTRAINT "FK_3e137963338a97ccf3ec7f3e25c" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "automation" DROP CONSTRAINT "FK_3e137963338a97ccf3ec7f3e25c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "automation" DROP CONSTRAINT "FK_be6dcf91fdd054dddab48bc8bdd"`,
    );
    await queryRunner.query(
      `ALTER TABLE "automation_run" DROP CONSTRAINT "FK_66c79ac3ecdf5600ebfa02cf9fd"`,
    );
    await queryRunner.query(
      `ALTER TABLE "automation_run" DROP CONSTRAINT "FK_b75445e5d9ad3baad6501871e79"`,
    );
    await queryRunner.query(`DROP INDEX "public"."automation_organization_trigger_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_be6dcf91fdd054dddab48bc8bd"`);
    await queryRunner.query(`DROP TABLE "automation"`);
    await queryRunner.query(`DROP INDEX "public"."automation_run_event_key"`);
    await queryRunner.query(`DROP INDEX "public"."automation_run_automation_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."automation_run_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b75445e5d9ad3baad6501871e7"`);
    await queryRunner.query(`DROP TABLE "automation_run"`);
  }
}
