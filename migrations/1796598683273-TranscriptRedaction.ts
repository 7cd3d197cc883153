import { MigrationInterface, QueryRunner } from 'typeorm';

export class TranscriptRedaction1796598683273 implements MigrationInterface {
  name = 'TranscriptRedaction1796598683273';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organization" ADD "redact_transcripts" boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(`ALTER TABLE "call" ADD "redactions" integer NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "redactions"`);
    await queryRunner.query(`ALTER TABLE "organization" DROP COLUMN "redact_transcripts"`);
  }
}
