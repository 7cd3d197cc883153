import { MigrationInterface, QueryRunner } from 'typeorm';

export class Calendar1795318527692 implements MigrationInterface {
  name = 'Calendar1795318527692';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."sync_status" AS ENUM('IDLE', 'SYNCING', 'OK', 'ERROR')`,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_connection" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "provider" text NOT NULL DEFAULT 'google', "account_email" text, "calendar_id" text NOT NULL DEFAULT 'primary', "status" "public"."sync_status" NOT NULL DEFAULT 'IDLE', "refresh_token_sealed" text, "sync_token" text, "last_synced_at" TIMESTAMP WITH TIME ZONE, "last_error" text, CONSTRAINT "PK_0a1c6279c8e8e5ccd43f9455650" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_80d272364f01a3f6a47dd4b00c" ON "calendar_connection"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "calendar_connection_user_provider_unique" ON "calendar_connection"  ("organization_id", "user_id", "provider") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."event_source" AS ENUM('LOCAL', 'GOOGLE')`);
    await queryRunner.query(
      `CREATE TABLE "calendar_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "title" text NOT NULL, "description" text, "location" text, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "all_day" boolean NOT NULL DEFAULT false, "timezone" text NOT NULL DEFAULT 'UTC', "recurrence" text, "exdates" TIMESTAMP WITH TIME ZONE array NOT NULL DEFAULT '{}', "recurring_event_id" uuid, "original_starts_at" TIMESTAMP WITH TIME ZONE, "cancelled" boolean NOT NULL DEFAULT false, "organizer_id" uuid, "attendee_list" jsonb NOT NULL DEFAULT '[]', "source" "public"."event_source" NOT NULL DEFAULT 'LOCAL', "connection_id" uuid, "external_id" text, "external_recurring_id" text, "etag" text, "remote_updated_at" TIMESTAMP WITH TIME ZONE, "pending_push" boolean NOT NULL DEFAULT false, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_176fe24e6eb48c3fef696c7641f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_98c40c7bd71d1723fe7264fc60" ON "calendar_event"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d8da4fb5fed8e6135c150adbd0" ON "calendar_event"  ("recurring_event_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0a60556f4f968d7aca5707a8a2" ON "calendar_event"  ("organizer_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_dbddd8cc360a93e8246c4d8fd6" ON "calendar_event"  ("connection_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "calendar_event_connection_external_unique" ON "calendar_event"  ("connection_id", "external_id") WHERE "external_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "calendar_event_organization_starts_idx" ON "calendar_event"  ("organization_id", "starts_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."calendar_event_organization_starts_idx"`);
    await queryRunner.query(`DROP INDEX "public"."calendar_event_connection_external_unique"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dbddd8cc360a93e8246c4d8fd6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0a60556f4f968d7aca5707a8a2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d8da4fb5fed8e6135c150adbd0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_98c40c7bd71d1723fe7264fc60"`);
    await queryRunner.query(`DROP TABLE "calendar_event"`);
    await queryRunner.query(`DROP TYPE "public"."event_source"`);
    await queryRunner.query(`DROP INDEX "public"."calendar_connection_user_provider_unique"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_80d272364f01a3f6a47dd4b00c"`);
    await queryRunner.query(`DROP TABLE "calendar_connection"`);
    await queryRunner.query(`DROP TYPE "public"."sync_status"`);
  }
}
