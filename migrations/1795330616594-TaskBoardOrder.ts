import { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskBoardOrder1795330616594 implements MigrationInterface {
  name = 'TaskBoardOrder1795330616594';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "task_organization_team_position_idx" ON "task"  ("organization_id", "team_id", "position", "id") WHERE "deleted_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "task_organization_position_idx" ON "task"  ("organization_id", "position", "id") WHERE "deleted_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."task_organization_position_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_organization_team_position_idx"`);
  }
}
