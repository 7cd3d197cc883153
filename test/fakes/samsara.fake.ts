import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One vehicle's locations on a feed page, in Samsara's wire format. */
export interface FakeVehicleLocations {
  id: string;
  name: string;
  locations: Array<{
    time: string;
    latitude: number;
    longitude: number;
    speed?: number;
    heading?: number;
  }>;
}

export interface FakeFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FeedRequest {
  token: string | null;
  after: string | null;
  status: number;
}

/**
 * A stand-in for Samsara's `GET /fleet/vehicles/locations/feed`, speaking its
 * wire format: `{ data: [{ id, name, locations: [...] }], pagination:
 * { endCursor, hasNextPage } }`, Bearer tokens, `after` cursors. Per token a
 * list of pages; the cursor after page i is `cursor-<i+1>`, and reading past
 * the last page answers an empty page with the same cursor. Failures can be
 * queued (`failNext`), tokens revoked (401), and a token's requests left
 * unanswered (`hang`: the connection is accepted, nothing is ever sent back).
 */
export class FakeSamsara {
  private server: Server | undefined;
  private readonly feeds = new Map<string, FakeVehicleLocations[][]>();
  private readonly failures: FakeFailure[] = [];
  private readonly failuresAt = new Map<string, FakeFailure[]>();
  private readonly revoked = new Set<string>();
  private readonly hanging = new Set<string>();
  readonly requests: FeedRequest[] = [];
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The pages a token's feed serves, in order. */
  setFeed(token: string, pages: FakeVehicleLocations[][]): void {
    this.feeds.set(token, pages);
  }

  /** Appends a page (new data arriving). */
  addPage(token: string, page: FakeVehicleLocations[]): void {
    this.feeds.set(token, [...(this.feeds.get(token) ?? []), page]);
  }

  failNext(failure: FakeFailure): void {
    this.failures.push(failure);
  }

  /** Fails the next request for this cursor (`''` for the first page). */
  failAt(cursor: string, failure: FakeFailure): void {
    this.failuresAt.set(cursor, [...(this.failuresAt.get(cursor) ?? []), failure]);
  }

  revoke(token: string): void {
    this.revoked.add(token);
  }

  /** Reads this token's requests and never answers them, until `answer`. */
  hang(token: string): void {
    this.hanging.add(token);
  }

  /** Answers this token's requests again. */
  answer(token: string): void {
    this.hanging.delete(token);
  }

  /** Accepts a revoked token again. */
  restore(token: string): void {
    this.revoked.delete(token);
  }

  requestsFor(token: string): FeedRequest[] {
    return this.requests.filter((request) => request.token === token);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '') || null;
    const after = url.searchParams.get('after');
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ token, after, status });
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    if (token && this.hanging.has(token)) {
      // Recorded with status 0: a request that never got an answer.
      this.requests.push({ token, after, status: 0 });
      return;
    }
    if (request.method !== 'GET' || url.pathname !== '/fleet/vehicles/locations/feed') {
      return reply(404, { message: 'not found' });
    }
    if (!token || this.revoked.has(token) || !this.feeds.has(token)) {
      return reply(401, { message: 'Unauthorized', requestId: 'fake' });
    }
    const failure = this.failuresAt.get(after ?? '')?.shift() ?? this.failures.shift();
    if (failure)
      return reply(failure.status, failure.body ?? { message: 'failure' }, failure.headers);
    const pages = this.feeds.get(token)!;
    const index = after ? Number(after.replace('cursor-', '')) : 0;
    if (!Number.isInteger(index) || index < 0) return reply(400, { message: 'bad cursor' });
    if (index >= pages.length) {
      return reply(200, { data: [], pagination: { endCursor: after ?? '', hasNextPage: false } });
    }
    return reply(200, {
      data: pages[index],
      pagination: { endCursor: `cursor-${index + 1}`, hasNextPage: index + 1 < pages.length },
    });
  }
}
