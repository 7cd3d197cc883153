import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface HungRequest {
  url: string;
  body: string;
  openedAt: number;
  /** When the client gave up and closed the connection (its timeout); undefined while it waits. */
  closedAt?: number;
}

/**
 * A provider endpoint that accepts connections and, for the requests `hangs`
 * picks (one tenant's token, a marked transcript), never answers: the client
 * must time out. Every other request is passed on to `target` (a fake) and
 * its answer returned.
 */
export class HangingProxy {
  readonly hung: HungRequest[] = [];
  private server!: Server;
  url = '';

  constructor(
    private readonly target: () => string,
    private readonly hangs: (request: IncomingMessage, body: string) => boolean,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (this.hangs(request, body)) {
          const hung: HungRequest = { url: request.url ?? '', body, openedAt: Date.now() };
          this.hung.push(hung);
          request.socket.once('close', () => {
            hung.closedAt = Date.now();
          });
          return;
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
            headers[name] = value;
        }
        fetch(`${this.target()}${request.url ?? ''}`, {
          method: request.method,
          headers,
          body: ['GET', 'HEAD'].includes(request.method ?? 'GET') ? undefined : body,
        })
          .then(async (answer) => {
            const text = await answer.text();
            response.writeHead(answer.status, {
              'content-type': answer.headers.get('content-type') ?? 'application/json',
              ...(answer.headers.get('retry-after')
                ? { 'retry-after': answer.headers.get('retry-after')! }
                : {}),
            });
            response.end(text);
          })
          .catch(() => {
            response.writeHead(502);
            response.end();
          });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
