import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScoringJobMessage1795330638531 implements MigrationInterface {
  name = 'ScoringJobMessage1795330638531';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "scoring_job" ADD "message_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "scoring_job" DROP COLUMN "message_id"`);
  }
}
