import { MigrationInterface, QueryRunner } from 'typeorm';

export class Fleet1795318462704 implements MigrationInterface {
  name = 'Fleet1795318462704';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "driver" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "phone" text, "user_id" uuid, CONSTRAINT "PK_61de71a8d217d585ecd5ee3d065" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_eb642e356723356151daa9a41d" ON "driver"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."fleet_alert_kind" AS ENUM('SPEEDING', 'GEOFENCE_ENTER', 'GEOFENCE_EXIT', 'IDLE', 'STALE_POSITION')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."fleet_alert_severity" AS ENUM('INFO', 'WARNING', 'CRITICAL')`,
    );
    await queryRunner.query(
      `CREATE TABLE "fleet_alert" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "kind" "public"."fleet_alert_kind" NOT NULL, "severity" "public"."fleet_alert_severity" NOT NULL, "message" text NOT NULL, "vehicle_id" uuid NOT NULL, "geofence_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by_id" uuid, CONSTRAINT "PK_9a67417ed3ee26f7a19407a0956" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_66d677c7ef3f97aac759e8caf9" ON "fleet_alert"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "fleet_alert_vehicle_at_idx" ON "fleet_alert"  ("vehicle_id", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "fleet_alert_organization_at_idx" ON "fleet_alert"  ("organization_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."fleet_sync_status" AS ENUM('IDLE', 'SYNCING', 'OK', 'ERROR')`,
    );
    await queryRunner.query(
      `CREATE TABLE "fleet_integration" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "provider" text NOT NULL, "status" "public"."fleet_sync_status" NOT NULL DEFAULT 'IDLE', "token_sealed" text NOT NULL, "cursor" text, "last_polled_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "paused_until" TIMESTAMP WITH TIME ZONE, "failures" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_c23b2a8a1c9ca026366a18e7487" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0a47854d64d439af660b9fc474" ON "fleet_integration"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "fleet_integration_organization_provider_key" ON "fleet_integration"  ("organization_id", "provider") `,
    );
    await queryRunner.query(
      `CREATE TABLE "fleet_settings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "default_speed_limit_kph" double precision NOT NULL DEFAULT '100', "speeding_min_seconds" integer NOT NULL DEFAULT '60', "stale_after_minutes" integer NOT NULL DEFAULT '15', "idle_after_minutes" integer NOT NULL DEFAULT '10', "slack_webhook_sealed" text, CONSTRAINT "PK_a13daed11a5ec00a6e36bc7fc68" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6cf0e45f3ad4fe8cf5aba7fb2d" ON "fleet_settings"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "fleet_settings_organization_key" ON "fleet_settings"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "geofence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "geometry" jsonb NOT NULL, CONSTRAINT "PK_773a4bb65bbd7e4dbbc21ac1b0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_50b2db4f643e130174f689d061" ON "geofence"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "vehicle_position" ("vehicle_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "organization_id" uuid NOT NULL, "lat" double precision NOT NULL, "lng" double precision NOT NULL, "speed_kph" double precision, "heading" double precision, CONSTRAINT "PK_124c1b74a35d3abf21881f55076" PRIMARY KEY ("vehicle_id", "at"))`,
    );
    // BRIN on the insertion-ordered time column: tiny, and what the retention delete scans by.
    await queryRunner.query(
      `CREATE INDEX "vehicle_position_at_brin" ON "vehicle_position" USING BRIN ("at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "vehicle" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "vin" text, "license_plate" text, "external_id" text, "driver_id" uuid, "speed_limit_kph" double precision, "last_position_at" TIMESTAMP WITH TIME ZONE, "last_lat" double precision, "last_lng" double precision, "last_speed_kph" double precision, "last_heading" double precision, "speeding_since" TIMESTAMP WITH TIME ZONE, "speeding_alerted" boolean NOT NULL DEFAULT false, "idle_since" TIMESTAMP WITH TIME ZONE, "idle_alerted" boolean NOT NULL DEFAULT false, "stale_alerted" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_187fa17ba39d367e5604b3d1ec9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a81a2a695a06eef36dfa7b1a58" ON "vehicle"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "vehicle_organization_external_id_key" ON "vehicle"  ("organization_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "vehicle_organization_vin_key" ON "vehicle"  ("organization_id", "vin") WHERE vin IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."vehicle_organization_vin_key"`);
    await queryRunner.query(`DROP INDEX "public"."vehicle_organization_external_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a81a2a695a06eef36dfa7b1a58"`);
    await queryRunner.query(`DROP TABLE "vehicle"`);
    await queryRunner.query(`DROP INDEX "public"."vehicle_position_at_brin"`);
    await queryRunner.query(`DROP TABLE "vehicle_position"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_50b2db4f643e130174f689d061"`);
    await queryRunner.query(`DROP TABLE "geofence"`);
    await queryRunner.query(`DROP INDEX "public"."fleet_settings_organization_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6cf0e45f3ad4fe8cf5aba7fb2d"`);
    await queryRunner.query(`DROP TABLE "fleet_settings"`);
    await queryRunner.query(`DROP INDEX "public"."fleet_integration_organization_provider_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0a47854d64d439af660b9fc474"`);
    await queryRunner.query(`DROP TABLE "fleet_integration"`);
    await queryRunner.query(`DROP TYPE "public"."fleet_sync_status"`);
    await queryRunner.query(`DROP INDEX "public"."fleet_alert_organization_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fleet_alert_vehicle_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_66d677c7ef3f97aac759e8caf9"`);
    await queryRunner.query(`DROP TABLE "fleet_alert"`);
    await queryRunner.query(`DROP TYPE "public"."fleet_alert_severity"`);
    await queryRunner.query(`DROP TYPE "public"."fleet_alert_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eb642e356723356151daa9a41d"`);
    await queryRunner.query(`DROP TABLE "driver"`);
  }
}
