import 'reflect-metadata';
import { createApiApplication } from '@/bootstrap';
import { EmbeddedPostgres } from '@/database/embedded-postgres';
import { SchemaFileWriter } from '@/graphql/schema-file.writer';

/**
 * `npm run schema:generate`: builds the application exactly as it starts
 * (embedded database when DATABASE_URL is unset) and writes schema.gql.
 */
async function main(): Promise<void> {
  const app = await createApiApplication({ logger: false });
  try {
    await app.init();
    const changed = app.get(SchemaFileWriter).write();
    console.log(changed ? 'schema.gql updated' : 'schema.gql already up to date');
  } finally {
    await app.close();
    await EmbeddedPostgres.stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
