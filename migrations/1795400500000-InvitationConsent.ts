import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joining an organization needs the invitee's consent: invitations carry the
 * address and role and are accepted, declined or revoked; accounts verify
 * their email; every message sent is kept in `sent_mail`.
 */
export class InvitationConsent1795400500000 implements MigrationInterface {
  name = 'InvitationConsent1795400500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "email_verification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "email" text NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b985a8362d9dac51e3d6120d40e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e7eb5e3c3dd984d69f6eb1cdf1" ON "email_verification"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_68109a550e9e7020f4f8d924d9" ON "email_verification"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."mail_status" AS ENUM('PENDING', 'SENT', 'LOGGED', 'FAILED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "sent_mail" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid, "kind" text NOT NULL, "to_address" text NOT NULL, "subject" text NOT NULL, "text" text NOT NULL, "html" text NOT NULL, "status" "public"."mail_status" NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_01c6907633466a5b977cb656f5e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fbccdaa81c7fdb8cdfadd57044" ON "sent_mail"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "sent_mail_pending" ON "sent_mail"  ("next_attempt_at") WHERE status = 'PENDING'`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`,
    );
    // Invitations made before consent: their address and role come from
    // the account and the membership the old flow created at once.
    await queryRunner.query(`ALTER TABLE "invitation" ADD "email" text`);
    await queryRunner.query(`ALTER TABLE "invitation" ADD "role" "public"."role"`);
    await queryRunner.query(
      `UPDATE "invitation" i SET "email" = u."email",
             "role" = COALESCE((SELECT m."role" FROM "membership" m
                                 WHERE m."organization_id" = i."organization_id" AND m."user_id" = i."user_id"), 'VIEWER')
             FROM "app_user" u WHERE u."id" = i."user_id"`,
    );
    await queryRunner.query(`DELETE FROM "invitation" WHERE "email" IS NULL`);
    await queryRunner.query(`ALTER TABLE "invitation" ALTER COLUMN "email" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "invitation" ALTER COLUMN "role" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "invitation" ADD "invited_by_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "invitation" ADD "declined_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "invitation" ADD "revoked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "invitation_pending_unique" ON "invitation"  ("organization_id", "user_id") WHERE accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."invitation_pending_unique"`);
    await queryRunner.query(`ALTER TABLE "invitation" DROP COLUMN "revoked_at"`);
    await queryRunner.query(`ALTER TABLE "invitation" DROP COLUMN "declined_at"`);
    await queryRunner.query(`ALTER TABLE "invitation" DROP COLUMN "invited_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "invitation" DROP COLUMN "role"`);
    await queryRunner.query(`ALTER TABLE "invitation" DROP COLUMN "email"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "email_verified_at"`);
    await queryRunner.query(`DROP INDEX "public"."sent_mail_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fbccdaa81c7fdb8cdfadd57044"`);
    await queryRunner.query(`DROP TABLE "sent_mail"`);
    await queryRunner.query(`DROP TYPE "public"."mail_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_68109a550e9e7020f4f8d924d9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e7eb5e3c3dd984d69f6eb1cdf1"`);
    await queryRunner.query(`DROP TABLE "email_verification"`);
  }
}
