import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A Slack incoming webhook: POST JSON, answer `ok` (as Slack does). Can be
 * told to fail the next N posts with a 500. It listens on the port
 * global-setup reserved (E2E_SLACK_FAKE_PORT), the one OUTBOUND_ALLOWED_HOSTS
 * lets through the outbound guard; one instance at a time.
 */
export class FakeSlack {
  private server: Server | undefined;
  readonly posts: Array<{ path: string; body: { text?: string; blocks?: unknown[] } }> = [];
  failures = 0;
  attempts = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      request.on('end', () => {
        this.attempts += 1;
        if (this.failures > 0) {
          this.failures -= 1;
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end('internal_error');
          return;
        }
        this.posts.push({ path: request.url ?? '/', body: JSON.parse(raw || '{}') });
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
      });
    });
    const port = Number(process.env.E2E_SLACK_FAKE_PORT ?? 0);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A webhook URL of this fake, as an organization would configure it. */
  webhook(name = 'T000/B000/secret'): string {
    return `${this.url}/services/${name}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
