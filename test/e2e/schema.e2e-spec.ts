import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, findBreakingChanges } from 'graphql';
import { readFileSync } from 'node:fs';
import { renderSchema, SCHEMA_FILE } from '@/graphql/schema-file';
import { startApi, TestApp } from '../utils/test-app';

describe('schema.gql', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('matches the schema the code builds (run `npm run schema:generate` when this fails)', () => {
    const built = renderSchema(api.app.get(GraphQLSchemaHost).schema);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(built);
  });

  it('declares the contract scalars and the Relay PageInfo shape', () => {
    const committed = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const foundation = buildSchema(`
      scalar DateTime
      scalar JSON
      type Query { serverTime: DateTime! }
    `);
    expect(findBreakingChanges(foundation, committed)).toEqual([]);
  });
});
