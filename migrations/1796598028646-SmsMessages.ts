import { MigrationInterface, QueryRunner } from 'typeorm';

export class SmsMessages1796598028646 implements MigrationInterface {
  name = 'SmsMessages1796598028646';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "phone_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "direction" text NOT NULL, "status" text NOT NULL, "from_number" text NOT NULL, "to_number" text NOT NULL, "body" text NOT NULL, "user_id" uuid, "twilio_sid" text, "in_reply_to_id" uuid, "reply" text, "job_id" uuid, "requeues" integer NOT NULL DEFAULT '0', "attempts" integer NOT NULL DEFAULT '0', "error" text, "sending_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c97a8995e0ccf3ec6609ead39cf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_73dbbb5446b8f6471b837c4a4a" ON "phone_message"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "phone_message_created_idx" ON "phone_message"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "phone_message_pending_idx" ON "phone_message"  ("status", "updated_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "phone_message_inbound_sid_key" ON "phone_message"  ("organization_id", "twilio_sid") WHERE direction = 'INBOUND'`,
    );
    await queryRunner.query(
      `CREATE TABLE "sms_opt_out" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "phone" text NOT NULL, "keyword" text NOT NULL, CONSTRAINT "sms_opt_out_organization_phone_key" UNIQUE ("organization_id", "phone"), CONSTRAINT "PK_de3db2eafc63fe48bc6ee4e1490" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_84cefa524d9b1612f57af7e9ca" ON "sms_opt_out"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sms_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "phone" text NOT NULL, "user_id" uuid NOT NULL, "unlocked_until" TIMESTAMP WITH TIME ZONE, "conversation_id" uuid, CONSTRAINT "sms_session_organization_phone_key" UNIQUE ("organization_id", "phone"), CONSTRAINT "PK_afe8bd75e8c62a6174cc8e9c9d2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4de5ab0ced0af8870d6d88c956" ON "sms_session"  ("organization_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "phone_message" ADD CONSTRAINT "FK_73dbbb5446b8f6471b837c4a4a7" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "phone_message" ADD CONSTRAINT "FK_05af48b130b030a98fa0b4db125" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sms_opt_out" ADD CONSTRAINT "FK_84cefa524d9b1612f57af7e9ca3" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sms_session" ADD CONSTRAINT "FK_4de5ab0ced0af8870d6d88c9562" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sms_session" ADD CONSTRAINT "FK_df1a0e8e693e8fb33547884fa0a" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "sms_session" DROP CONSTRAINT "FK_df1a0e8e693e8fb33547884fa0a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "sms_session" DROP CONSTRAINT "FK_4de5ab0ced0af8870d6d88c9562"`,
    );
    await queryRunner.query(
      `ALTER TABLE "sms_opt_out" DROP CONSTRAINT "FK_84cefa524d9b1612f57af7e9ca3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "phone_message" DROP CONSTRAINT "FK_05af48b130b030a98fa0b4db125"`,
    );
    await queryRunner.query(
      `ALTER TABLE "phone_message" DROP CONSTRAINT "FK_73dbbb5446b8f6471b837c4a4a7"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_4de5ab0ced0af8870d6d88c956"`);
    await queryRunner.query(`DROP TABLE "sms_session"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_84cefa524d9b1612f57af7e9ca"`);
    await queryRunner.query(`DROP TABLE "sms_opt_out"`);
    await queryRunner.query(`DROP INDEX "public"."phone_message_inbound_sid_key"`);
    await queryRunner.query(`DROP INDEX "public"."phone_message_pending_idx"`);
    await queryRunner.query(`DROP INDEX "public"."phone_message_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_73dbbb5446b8f6471b837c4a4a"`);
    await queryRunner.query(`DROP TABLE "phone_message"`);
  }
}
