import { createServer, Server, Socket, connect } from 'node:net';

/**
 * A TCP proxy in front of a real server (Redis), which a test can cut (stop
 * listening and drop every connection: clients see a real network failure,
 * ECONNRESET then ECONNREFUSED) and restore on the same port.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
  ) {}

  /** Starts listening (on a free port the first time, on the same port after a cut). */
  async start(): Promise<this> {
    const server = createServer((client) => {
      const upstream = connect(this.upstreamPort, this.upstreamHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
    return this;
  }

  /** Refuses new connections and drops the open ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
}

/** A proxy for the test Redis (TEST_REDIS_URL). */
export function redisProxy(redisUrl: string): Promise<TcpProxy> {
  const url = new URL(redisUrl);
  return new TcpProxy(url.hostname, url.port ? Number(url.port) : 6379).start();
}
