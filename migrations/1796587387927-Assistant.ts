import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The assistant (issue 17): conversations (per-actor memory), server-minted
 * confirmations for destructive tools (token hashes only), the AgentRun
 * record of every turn, and the channel on audit entries. Composite
 * same-organization keys with SET NULL clear only the reference column.
 */
export class Assistant1796587387927 implements MigrationInterface {
  name = 'Assistant1796587387927';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agent_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "conversation_id" uuid, "actor_user_id" uuid, "actor_api_key_id" uuid, "channel" text NOT NULL, "input" text NOT NULL, "planner" text NOT NULL, "tool_calls" jsonb NOT NULL DEFAULT '[]', "reply" text NOT NULL, "status" text NOT NULL, "error" text, "planning_ms" integer NOT NULL DEFAULT '0', "tools_ms" integer NOT NULL DEFAULT '0', "total_ms" integer NOT NULL DEFAULT '0', "model_round_trips" integer NOT NULL DEFAULT '0', "input_tokens" integer NOT NULL DEFAULT '0', "output_tokens" integer NOT NULL DEFAULT '0', "cache_read_tokens" integer NOT NULL DEFAULT '0', "cache_write_tokens" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_ea8d80275b57b9913c709094f52" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4e7e9208c7904eef0d4443b669" ON "agent_run"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "agent_run_actor_created_idx" ON "agent_run"  ("organization_id", "actor_user_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "agent_run_organization_created_idx" ON "agent_run"  ("organization_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assistant_confirmation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "token_hash" text NOT NULL, "user_id" uuid, "api_key_id" uuid, "tool" text NOT NULL, "input" jsonb NOT NULL, "input_hash" text NOT NULL, "summary" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1986d72bbe608c0e976fc0a783f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_32fd205c13b1023248b8997884" ON "assistant_confirmation"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "assistant_confirmation_expires_idx" ON "assistant_confirmation"  ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "assistant_confirmation_token_idx" ON "assistant_confirmation"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assistant_conversation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "user_id" uuid, "api_key_id" uuid, "channel" text NOT NULL, "memory" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "assistant_conversation_organization_id_key" UNIQUE ("organization_id", "id"), CONSTRAINT "PK_af11b828bf25b6ebf91e53d9e00" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f3a0ec66713e6d841f126e58eb" ON "assistant_conversation"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "assistant_conversation_updated_idx" ON "assistant_conversation"  ("updated_at") `,
    );
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "channel" text`);
    await queryRunner.query(
      `ALTER TABLE "agent_run" ADD CONSTRAINT "FK_4e7e9208c7904eef0d4443b669a" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_run" ADD CONSTRAINT "FK_56d577b949bd8a3c361d7bd3fce" FOREIGN KEY ("actor_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_run" ADD CONSTRAINT "FK_6fafbfe1f96085af4643109315d" FOREIGN KEY ("actor_api_key_id", "organization_id") REFERENCES "api_key"("id","organization_id") ON DELETE SET NULL ("actor_api_key_id") ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_run" ADD CONSTRAINT "FK_48ddf5b25677c4706b71dea0948" FOREIGN KEY ("conversation_id", "organization_id") REFERENCES "assistant_conversation"("id","organization_id") ON DELETE SET NULL ("conversation_id") ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_confirmation" ADD CONSTRAINT "FK_32fd205c13b1023248b8997884c" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_confirmation" ADD CONSTRAINT "FK_f0ef42e524bee7ef99cc1573062" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_confirmation" ADD CONSTRAINT "FK_34b0f13b4c33e32b27eb8c535a2" FOREIGN KEY ("api_key_id", "organization_id") REFERENCES "api_key"("id","organization_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_conversation" ADD CONSTRAINT "FK_f3a0ec66713e6d841f126e58eb2" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_conversation" ADD CONSTRAINT "FK_c267f6ff30e9d7c56d61dc62416" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_conversation" ADD CONSTRAINT "FK_96a0dff9766f5edd50ec021bc83" FOREIGN KEY ("api_key_id", "organization_id") REFERENCES "api_key"("id","organization_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "assistant_conversation" DROP CONSTRAINT "FK_96a0dff9766f5edd50ec021bc83"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_conversation" DROP CONSTRAINT "FK_c267f6ff30e9d7c56d61dc62416"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_conversation" DROP CONSTRAINT "FK_f3a0ec66713e6d841f126e58eb2"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_confirmation" DROP CONSTRAINT "FK_34b0f13b4c33e32b27eb8c535a2"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_confirmation" DROP CONSTRAINT "FK_f0ef42e524bee7ef99cc1573062"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistant_confirmation" DROP CONSTRAINT "FK_32fd205c13b1023248b8997884c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_run" DROP CONSTRAINT "FK_48ddf5b25677c4706b71dea0948"`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_run" DROP CONSTRAINT "FK_6fafbfe1f96085af4643109315d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_run" DROP CONSTRAINT "FK_56d577b949bd8a3c361d7bd3fce"`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_run" DROP CONSTRAINT "FK_4e7e9208c7904eef0d4443b669a"`,
    );
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "channel"`);
    await queryRunner.query(`DROP INDEX "public"."assistant_conversation_updated_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f3a0ec66713e6d841f126e58eb"`);
    await queryRunner.query(`DROP TABLE "assistant_conversation"`);
    await queryRunner.query(`DROP INDEX "public"."assistant_confirmation_token_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assistant_confirmation_expires_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_32fd205c13b1023248b8997884"`);
    await queryRunner.query(`DROP TABLE "assistant_confirmation"`);
    await queryRunner.query(`DROP INDEX "public"."agent_run_organization_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."agent_run_actor_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4e7e9208c7904eef0d4443b669"`);
    await queryRunner.query(`DROP TABLE "agent_run"`);
  }
}
