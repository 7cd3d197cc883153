import { buildSchema, graphql as runGraphql } from 'graphql';
import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';

/**
 * The baseline of `bench:tasks`, forked as a process of its own: graphql-js
 * over pg with one hand-written JOIN, no auth, no framework. Its PostgreSQL
 * connections carry the application name RAW_APPLICATION_NAME, so the
 * parent can tell their CPU from the api's. Started with BENCH_RAW_DATABASE_URL
 * and BENCH_RAW_ORGANIZATION_ID; sends `{ url }` once it listens.
 */
export const RAW_APPLICATION_NAME = 'switchboard-bench-raw';

async function main(): Promise<void> {
  const organizationId = process.env.BENCH_RAW_ORGANIZATION_ID as string;
  const pool = new Pool({
    connectionString: process.env.BENCH_RAW_DATABASE_URL,
    max: 10,
    application_name: RAW_APPLICATION_NAME,
  });
  const schema = buildSchema(`
    type Person { name: String! }
    type Team { name: String! }
    type Task { id: ID! title: String! assignee: Person team: Team }
    type TaskPage { nodes: [Task!]! }
    type Query { tasks(first: Int!): TaskPage! }
  `);
  const root = {
    tasks: async ({ first }: { first: number }) => {
      const { rows } = await pool.query<{
        id: string;
        title: string;
        assignee_name: string | null;
        team_name: string | null;
      }>(
        `SELECT t.id, t.title, u.name AS assignee_name, tm.name AS team_name
           FROM task t
           LEFT JOIN app_user u ON u.id = t.assignee_id
           LEFT JOIN team tm ON tm.id = t.team_id
          WHERE t.organization_id = $1 AND t.deleted_at IS NULL
          ORDER BY t.position, t.id
          LIMIT $2`,
        [organizationId, first],
      );
      return {
        nodes: rows.map((row) => ({
          id: row.id,
          title: row.title,
          assignee: row.assignee_name ? { name: row.assignee_name } : null,
          team: row.team_name ? { name: row.team_name } : null,
        })),
      };
    },
  };
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { query } = JSON.parse(body) as { query: string };
      void runGraphql({ schema, source: query, rootValue: root }).then((result) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(result));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
  process.on('disconnect', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

if (require.main === module) void main();
