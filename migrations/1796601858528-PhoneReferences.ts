import { MigrationInterface, QueryRunner } from 'typeorm';

export class PhoneReferences1796601858528 implements MigrationInterface {
  name = 'PhoneReferences1796601858528';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "phone_message" ADD CONSTRAINT "phone_message_organization_id_key" UNIQUE ("organization_id", "id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "phone_message" ADD CONSTRAINT "FK_8eaaae05563dd0ec63737cf4557" FOREIGN KEY ("in_reply_to_id", "organization_id") REFERENCES "phone_message"("id","organization_id") ON DELETE SET NULL ("in_reply_to_id") ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sms_session" ADD CONSTRAINT "FK_f1fd99a3a2a50491e6d168942e5" FOREIGN KEY ("conversation_id", "organization_id") REFERENCES "assistant_conversation"("id","organization_id") ON DELETE SET NULL ("conversation_id") ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "sms_session" DROP CONSTRAINT "FK_f1fd99a3a2a50491e6d168942e5"`,
    );
    await queryRunner.query(
      `ALTER TABLE "phone_message" DROP CONSTRAINT "FK_8eaaae05563dd0ec63737cf4557"`,
    );
    await queryRunner.query(
      `ALTER TABLE "phone_message" DROP CONSTRAINT "phone_message_organization_id_key"`,
    );
  }
}
