import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single-use Google OAuth states: the callback inserts the state's id and
 * refuses it when the row already exists. Rows are kept until the state
 * would have expired anyway, then pruned.
 */
export class OAuthStateUse1795400400000 implements MigrationInterface {
  name = 'OAuthStateUse1795400400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "oauth_state_use" ("state_id" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_oauth_state_use" PRIMARY KEY ("state_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_oauth_state_use_expires_at" ON "oauth_state_use" ("expires_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_oauth_state_use_expires_at"`);
    await queryRunner.query(`DROP TABLE "oauth_state_use"`);
  }
}
