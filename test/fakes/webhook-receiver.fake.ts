import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When the request's body had arrived (epoch ms). */
  at: number;
}

export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A webhook receiver on 127.0.0.1 (list `127.0.0.1:<port>` in
 * OUTBOUND_ALLOWED_HOSTS so the outbound guard lets the app reach it):
 * records every request with its arrival time, and answers from a queue
 * per path (then `answers`, then 204).
 */
export class WebhookReceiver {
  private server: Server | undefined;
  readonly requests: ReceivedRequest[] = [];
  /** Answers for any path, used in order once a path's own queue is empty. */
  readonly answers: ReceiverAnswer[] = [];
  private readonly byPath = new Map<string, ReceiverAnswer[]>();
  url = '';
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const path = request.url ?? '/';
        this.requests.push({ path, headers: request.headers, body, at: Date.now() });
        const answer = this.byPath.get(path)?.shift() ?? this.answers.shift() ?? { status: 204 };
        response.writeHead(answer.status, answer.headers ?? {});
        response.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  /** Answers the next requests to `path` with `answers`, in order. */
  answer(path: string, ...answers: ReceiverAnswer[]): void {
    this.byPath.set(path, [...(this.byPath.get(path) ?? []), ...answers]);
  }

  to(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
