import { MigrationInterface, QueryRunner } from 'typeorm';

export class Tasks1795315313497 implements MigrationInterface {
  name = 'Tasks1795315313497';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "task_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "task_id" uuid NOT NULL, "author_id" uuid, "author_api_key_id" uuid, "body" text NOT NULL, CONSTRAINT "PK_28da4411b195bfc3c451cfa21ff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_77ac61d1055ac994e963a5c48b" ON "task_comment"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "task_comment_task_created_idx" ON "task_comment"  ("task_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."task_status" AS ENUM('TODO', 'IN_PROGRESS', 'BLOCKED', 'DONE', 'CANCELLED')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."task_priority" AS ENUM('LOW', 'MEDIUM', 'HIGH', 'URGENT')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."task_source" AS ENUM('WEB', 'VOICE', 'ASSISTANT', 'AUTOMATION', 'CALL', 'API')`,
    );
    // TypeORM reads a generated column's expression back from its metadata
    // table (it cannot compare PostgreSQL's reformatted text), keyed by the
    // database name: current_database(), not the name it was generated in.
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)`,
      [
        'public',
        'task',
        'GENERATED_COLUMN',
        'search_vector',
        "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, ''))",
      ],
    );
    await queryRunner.query(
      `CREATE TABLE "task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "title" text NOT NULL, "description" text, "status" "public"."task_status" NOT NULL DEFAULT 'TODO', "priority" "public"."task_priority" NOT NULL DEFAULT 'MEDIUM', "priority_rank" smallint NOT NULL DEFAULT '2', "due_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "assignee_id" uuid, "creator_id" uuid, "creator_api_key_id" uuid, "team_id" uuid, "parent_id" uuid, "labels" text array NOT NULL DEFAULT '{}', "position" double precision NOT NULL, "source" "public"."task_source" NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, ''))) STORED, CONSTRAINT "PK_fb213f79ee45060ba925ecd576e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_147e162697300e5bad55dbf353" ON "task"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_75114a0b55080c15694f3d40ec" ON "task"  ("assignee_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5b12d07794e1d6428696b35fd7" ON "task"  ("parent_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "task_organization_due_at_idx" ON "task"  ("organization_id", "due_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "task_organization_parent_position_idx" ON "task"  ("organization_id", "parent_id", "position") `,
    );
    await queryRunner.query(
      `CREATE INDEX "task_organization_team_idx" ON "task"  ("organization_id", "team_id") `,
    );
    // Full-text search and label filters; declared with synchronize: false on the entity.
    await queryRunner.query(
      `CREATE INDEX "task_search_vector_idx" ON "task" USING GIN ("search_vector")`,
    );
    await queryRunner.query(`CREATE INDEX "task_labels_idx" ON "task" USING GIN ("labels")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."task_labels_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_search_vector_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_organization_team_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_organization_parent_position_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_organization_due_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5b12d07794e1d6428696b35fd7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_75114a0b55080c15694f3d40ec"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_147e162697300e5bad55dbf353"`);
    await queryRunner.query(`DROP TABLE "task"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4`,
      ['GENERATED_COLUMN', 'search_vector', 'public', 'task'],
    );
    await queryRunner.query(`DROP TYPE "public"."task_source"`);
    await queryRunner.query(`DROP TYPE "public"."task_priority"`);
    await queryRunner.query(`DROP TYPE "public"."task_status"`);
    await queryRunner.query(`DROP INDEX "public"."task_comment_task_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_77ac61d1055ac994e963a5c48b"`);
    await queryRunner.query(`DROP TABLE "task_comment"`);
  }
}
