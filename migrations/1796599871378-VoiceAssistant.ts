import { MigrationInterface, QueryRunner } from 'typeorm';

export class VoiceAssistant1796599871378 implements MigrationInterface {
  name = 'VoiceAssistant1796599871378';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "voice_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "call_sid" text NOT NULL, "phone_number_id" uuid NOT NULL, "caller_number" text NOT NULL, "candidate_user_ids" jsonb NOT NULL DEFAULT '[]', "user_id" uuid, "state" text NOT NULL, "failures" integer NOT NULL DEFAULT '0', "conversation_id" uuid, "turn" integer NOT NULL DEFAULT '0', CONSTRAINT "voice_session_organization_id_key" UNIQUE ("organization_id", "id"), CONSTRAINT "voice_session_call_sid_key" UNIQUE ("call_sid"), CONSTRAINT "PK_f6751b32c0471ccb282343e985e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7262a13b94e6b8e22205a908f2" ON "voice_session"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "voice_session_organization_user_idx" ON "voice_session"  ("organization_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "voice_turn" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "call_sid" text NOT NULL, "turn" integer NOT NULL, "idempotency_token" text, "state" text NOT NULL, "twiml" text, CONSTRAINT "voice_turn_call_sid_turn_key" UNIQUE ("call_sid", "turn"), CONSTRAINT "PK_d071695055d65e2176e3aa1e56d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fd9aa43a97a4c73fde3fd381fb" ON "voice_turn"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "voice_turn_created_idx" ON "voice_turn"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "voice_turn_idempotency_token_key" ON "voice_turn"  ("idempotency_token") WHERE "idempotency_token" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "voice_session" ADD CONSTRAINT "FK_7262a13b94e6b8e22205a908f26" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "voice_session" ADD CONSTRAINT "FK_c5a4909ec9172b489912cf1a91b" FOREIGN KEY ("phone_number_id") REFERENCES "phone_number"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "voice_session" ADD CONSTRAINT "FK_2ff7492071edb034debc83eb3bf" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "voice_session" ADD CONSTRAINT "FK_00ca2e152d191ff0fd511c065e4" FOREIGN KEY ("conversation_id", "organization_id") REFERENCES "assistant_conversation"("id","organization_id") ON DELETE SET NULL ("conversation_id") ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "voice_turn" ADD CONSTRAINT "FK_fd9aa43a97a4c73fde3fd381fbc" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "voice_turn" DROP CONSTRAINT "FK_fd9aa43a97a4c73fde3fd381fbc"`,
    );
    await queryRunner.query(
      `ALTER TABLE "voice_session" DROP CONSTRAINT "FK_00ca2e152d191ff0fd511c065e4"`,
    );
    await queryRunner.query(
      `ALTER TABLE "voice_session" DROP CONSTRAINT "FK_2ff7492071edb034debc83eb3bf"`,
    );
    await queryRunner.query(
      `ALTER TABLE "voice_session" DROP CONSTRAINT "FK_c5a4909ec9172b489912cf1a91b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "voice_session" DROP CONSTRAINT "FK_7262a13b94e6b8e22205a908f26"`,
    );
    await queryRunner.query(`DROP INDEX "public"."voice_turn_idempotency_token_key"`);
    await queryRunner.query(`DROP INDEX "public"."voice_turn_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fd9aa43a97a4c73fde3fd381fb"`);
    await queryRunner.query(`DROP TABLE "voice_turn"`);
    await queryRunner.query(`DROP INDEX "public"."voice_session_organization_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7262a13b94e6b8e22205a908f2"`);
    await queryRunner.query(`DROP TABLE "voice_session"`);
  }
}
