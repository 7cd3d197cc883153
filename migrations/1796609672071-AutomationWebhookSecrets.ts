import { MigrationInterface, QueryRunner } from 'typeorm';

export class AutomationWebhookSecrets1796609672071 implements MigrationInterface {
  name = 'AutomationWebhookSecrets1796609672071';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "automation_webhook_secret" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "automation_id" uuid NOT NULL, "secret_sealed" text NOT NULL, "previous_secret_sealed" text, "previous_valid_until" TIMESTAMP WITH TIME ZONE, "rotated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0725f84ddcefebe3130104abd1e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7b605f1d68d13d3dc5c790ab01" ON "automation_webhook_secret"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "automation_webhook_secret_automation_key" ON "automation_webhook_secret"  ("organization_id", "automation_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "automation_webhook_secret" ADD CONSTRAINT "FK_7b605f1d68d13d3dc5c790ab01c" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "automation_webhook_secret" ADD CONSTRAINT "FK_a674d4b3d71e1238c37e04304cb" FOREIGN KEY ("automation_id", "organization_id") REFERENCES "automation"("id","organization_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "automation_webhook_secret" DROP CONSTRAINT "FK_a674d4b3d71e1238c37e04304cb"`,
    );
    await queryRunner.query(
      `ALTER TABLE "automation_webhook_secret" DROP CONSTRAINT "FK_7b605f1d68d13d3dc5c790ab01c"`,
    );
    await queryRunner.query(`DROP INDEX "public"."automation_webhook_secret_automation_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7b605f1d68d13d3dc5c790ab01"`);
    await queryRunner.query(`DROP TABLE "automation_webhook_secret"`);
  }
}
