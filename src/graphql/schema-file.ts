import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { join } from 'node:path';

export const SCHEMA_FILE = join(__dirname, '..', '..', 'schema.gql');

/** The committed `schema.gql` text for a schema: sorted, so diffs show real changes only. */
export function renderSchema(schema: GraphQLSchema): string {
  return (
    '# ------------------------------------------------------\n' +
    '# THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY)\n' +
    '# Regenerate with `npm run schema:generate`.\n' +
    '# ------------------------------------------------------\n\n' +
    printSchema(lexicographicSortSchema(schema)) +
    '\n'
  );
}
