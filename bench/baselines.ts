import { buildSchema, graphql as runGraphql } from 'graphql';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import WebSocket, { WebSocketServer } from 'ws';

/**
 * The raw baselines the benchmarks compare Switchboard with, shared by
 * bench:tasks and bench:load: a plain graphql-js + `pg` server (no auth, no
 * framework), a bare `ws` broadcaster, and a graphql-transport-ws subscriber
 * as thin as the baseline's sockets.
 */

/** The value at percentile `p` of `values` (any order); NaN when empty. */
export const percentileOf = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** A clock shared by the processes of one machine (ms, sub-millisecond resolution). */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/**
 * The baseline server: graphql-js over pg, one hand-written JOIN for the task
 * page and one INSERT for `createTask`, no auth, no framework.
 */
export async function rawTaskServer(
  url: string,
  scope: { organizationId: string; creatorId: string },
  /** PostgreSQL's application_name of its connections, to tell their CPU from the api's. */
  applicationName?: string,
): Promise<{ server: Server; url: string; pool: Pool; close(): Promise<void> }> {
  const pool = new Pool({ connectionString: url, max: 10, application_name: applicationName });
  const schema = buildSchema(`
    type Person { name: String! }
    type Team { name: String! }
    type Task { id: ID! title: String! assignee: Person team: Team }
    type TaskPage { nodes: [Task!]! }
    input CreateTaskInput { title: String! teamId: ID assigneeId: ID }
    type Query { tasks(first: Int!): TaskPage! }
    type Mutation { createTask(input: CreateTaskInput!): Task! }
  `);
  let position = Date.now();
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
        [scope.organizationId, first],
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
    createTask: async ({
      input,
    }: {
      input: { title: string; teamId?: string; assigneeId?: string };
    }) => {
      position += 1024;
      const { rows } = await pool.query<{ id: string; title: string }>(
        `INSERT INTO task (organization_id, title, status, priority, priority_rank, assignee_id,
                           creator_id, team_id, labels, position, source)
         VALUES ($1, $2, 'TODO', 'MEDIUM', 2, $3, $4, $5, '{}', $6, 'WEB')
         RETURNING id, title`,
        [
          scope.organizationId,
          input.title,
          input.assigneeId ?? null,
          scope.creatorId,
          input.teamId ?? null,
          position,
        ],
      );
      return { id: rows[0].id, title: rows[0].title, assignee: null, team: null };
    },
  };
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { query, variables } = JSON.parse(body) as {
        query: string;
        variables?: Record<string, unknown>;
      };
      void runGraphql({ schema, source: query, rootValue: root, variableValues: variables }).then(
        (result) => {
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify(result));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    pool,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

/**
 * A bare `ws` server; `broadcast` sends one payload to every connected socket
 * and returns when it started sending (`wallNow`).
 */
export async function rawWsServer(): Promise<{
  url: string;
  server: WebSocketServer;
  broadcast(payload: string): number;
  close(): Promise<void>;
}> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    broadcast: (payload) => {
      const started = wallNow();
      for (const client of server.clients) client.send(payload);
      return started;
    },
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One subscriber's messages after `connection_ack`. */
export interface ProtocolMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

/**
 * A graphql-ws subscriber as thin as the baseline's sockets: the
 * graphql-transport-ws messages over a bare `ws` socket, each received
 * message parsed once (the graphql-ws client would also validate it, work
 * the baseline's clients do not do and that would be counted against us).
 * `onMessage` sees every message after the socket is subscribed, with its
 * arrival time (`wallNow`).
 */
export function protocolSubscriber(
  url: string,
  token: string,
  payloads: Array<{ query: string; variables: Record<string, unknown> }>,
  onMessage?: (message: ProtocolMessage, arrivedAt: number) => void,
): Promise<{ socket: WebSocket; next(): Promise<number> }> {
  return new Promise((subscribed, failed) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    let arrived: ((at: number) => void) | undefined;
    socket.once('open', () =>
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
      ),
    );
    socket.on('message', (data: Buffer) => {
      const at = wallNow();
      const message = JSON.parse(data.toString()) as ProtocolMessage;
      if (message.type === 'connection_ack') {
        payloads.forEach((payload, i) =>
          socket.send(JSON.stringify({ id: String(i + 1), type: 'subscribe', payload })),
        );
        subscribed({
          socket,
          next: () => new Promise<number>((resolve) => (arrived = resolve)),
        });
        return;
      }
      if (message.type === 'next') {
        arrived?.(at);
        arrived = undefined;
      } else if (message.type === 'error') {
        failed(new Error(`subscription refused: ${JSON.stringify(message.payload)}`));
      }
      onMessage?.(message, at);
    });
    socket.once('error', failed);
  });
}
