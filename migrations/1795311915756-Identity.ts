import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1795311915756 implements MigrationInterface {
  name = 'Identity1795311915756';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_beb994737756c0f18a1c1f8669c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_de7c148c7834d738ac7113f3dd" ON "invitation"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_dbf801c80100c878509602456f" ON "invitation"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_b827d3749ffbb3b5ab5099afd6" ON "invitation"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email" text NOT NULL, "name" text NOT NULL, "phone" text, "timezone" text NOT NULL DEFAULT 'UTC', "password_hash" text, "voice_pin_hash" text, "voice_pin_failures" integer NOT NULL DEFAULT '0', "voice_pin_locked_until" TIMESTAMP WITH TIME ZONE, "voice_pin_set" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3fa909d0e37c531ebc23770339" ON "app_user"  ("email") `,
    );
    await queryRunner.query(
      `CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "user_agent" text, "ip" text, "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_30e98e8746699fb9af235410af" ON "session"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "session_id" uuid NOT NULL, "token_hash" text NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7643a722ca45fb721be1c63dc0" ON "refresh_token"  ("session_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_f0812282fad2e352cdaf83ef0a" ON "refresh_token"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."role" AS ENUM('OWNER', 'ADMIN', 'SUPERVISOR', 'AGENT', 'VIEWER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" "public"."role" NOT NULL, CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_412ffe9391a352e8a4e3dc46f6" ON "membership"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e9c72e8d29784031c96f5c6af8" ON "membership"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "membership_organization_user_unique" ON "membership"  ("organization_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "team" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "description" text, CONSTRAINT "PK_f57d8293406df4af348402e4b74" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b71618cf6c9cf1d30ff71b0320" ON "team"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "team_organization_name_unique" ON "team"  ("organization_id", "name") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."team_role" AS ENUM('LEAD', 'MEMBER')`);
    await queryRunner.query(
      `CREATE TABLE "team_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "team_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" "public"."team_role" NOT NULL DEFAULT 'MEMBER', CONSTRAINT "PK_649680684d72a20d279641469c5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c88647c9bb67047f0b8123bf76" ON "team_member"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a1b5b4f5fa1b7f890d0a278748" ON "team_member"  ("team_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0724b86622f89c433dee4cd8b1" ON "team_member"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "team_member_team_user_unique" ON "team_member"  ("team_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "actor_user_id" uuid, "actor_api_key_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "changes" jsonb, CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8cf2877ed54d4467455f772491" ON "audit_entry"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_entry_entity_idx" ON "audit_entry"  ("organization_id", "entity_type", "entity_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_entry_organization_created_idx" ON "audit_entry"  ("organization_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "role" "public"."role" NOT NULL, "prefix" text NOT NULL, "secret_hash" text NOT NULL, "created_by_user_id" uuid, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f8bf75c998e043dc6ad022d28a" ON "api_key"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c4f6ccad30c0862eb54af9fb0a" ON "api_key"  ("prefix") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_c4f6ccad30c0862eb54af9fb0a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f8bf75c998e043dc6ad022d28a"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP INDEX "public"."audit_entry_organization_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_entry_entity_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8cf2877ed54d4467455f772491"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
    await queryRunner.query(`DROP INDEX "public"."team_member_team_user_unique"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0724b86622f89c433dee4cd8b1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a1b5b4f5fa1b7f890d0a278748"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c88647c9bb67047f0b8123bf76"`);
    await queryRunner.query(`DROP TABLE "team_member"`);
    await queryRunner.query(`DROP TYPE "public"."team_role"`);
    await queryRunner.query(`DROP INDEX "public"."team_organization_name_unique"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b71618cf6c9cf1d30ff71b0320"`);
    await queryRunner.query(`DROP TABLE "team"`);
    await queryRunner.query(`DROP INDEX "public"."membership_organization_user_unique"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e9c72e8d29784031c96f5c6af8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_412ffe9391a352e8a4e3dc46f6"`);
    await queryRunner.query(`DROP TABLE "membership"`);
    await queryRunner.query(`DROP TYPE "public"."role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f0812282fad2e352cdaf83ef0a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7643a722ca45fb721be1c63dc0"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_30e98e8746699fb9af235410af"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3fa909d0e37c531ebc23770339"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b827d3749ffbb3b5ab5099afd6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dbf801c80100c878509602456f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_de7c148c7834d738ac7113f3dd"`);
    await queryRunner.query(`DROP TABLE "invitation"`);
  }
}
