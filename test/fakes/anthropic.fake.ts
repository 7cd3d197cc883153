import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What the fake does with the next request; `answer` (the default) scores correctly. */
export type FakeBehaviour =
  | { kind: 'answer'; score?: number; passed?: boolean; until?: Promise<unknown> }
  | { kind: 'status'; status: 429 | 500 | 503 | 529 | 400; retryAfter?: string }
  | { kind: 'malformed' }
  | { kind: 'fabricated' };

export interface RecordedRequest {
  headers: IncomingMessage['headers'];
  body: any;
  /** When it arrived (Date.now()). */
  at: number;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'api_error',
  529: 'overloaded_error',
};

/**
 * A local stand-in for Anthropic's Messages API (`POST /v1/messages`),
 * speaking its wire format: tool_use answers for the forced tool, and error
 * bodies with the real status codes. Tests queue behaviours with `next()`;
 * with none queued it answers correctly, quoting the first transcript line
 * it was sent, so the verbatim-evidence check passes. `hangWhen(marker)`
 * makes it a hung provider for the prompts containing the marker: it reads
 * the request and never answers, until `answerAll()`.
 */
export class FakeAnthropic {
  readonly requests: RecordedRequest[] = [];
  /** Requests held without an answer (hangWhen), in arrival order. */
  readonly hung: RecordedRequest[] = [];
  /** Held requests whose client has not hung up yet, now and at most. */
  openHung = 0;
  maxOpenHung = 0;
  private hangMarker: string | null = null;
  private readonly queue: FakeBehaviour[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** From now on, a request whose prompt contains `marker` is read and never answered. */
  hangWhen(marker: string): void {
    this.hangMarker = marker;
  }

  /** Answers new requests again (the held ones stay held until their client gives up). */
  answerAll(): void {
    this.hangMarker = null;
  }

  next(...behaviours: FakeBehaviour[]): void {
    this.queue.push(...behaviours);
  }

  /** Forgets queued behaviours and recorded requests. */
  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.hung.length = 0;
    this.maxOpenHung = this.openHung;
    this.hangMarker = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      return this.send(res, 404, {
        type: 'error',
        error: { type: 'not_found_error', message: 'Not found' },
      });
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    this.requests.push({ headers: req.headers, body, at: Date.now() });
    if (this.hangMarker && JSON.stringify(body.messages).includes(this.hangMarker)) {
      this.hung.push({ headers: req.headers, body, at: Date.now() });
      this.openHung += 1;
      this.maxOpenHung = Math.max(this.maxOpenHung, this.openHung);
      res.on('close', () => (this.openHung -= 1));
      return;
    }
    const behaviour = this.queue.shift() ?? { kind: 'answer' };
    if (behaviour.kind === 'status') {
      return this.send(
        res,
        behaviour.status,
        {
          type: 'error',
          error: { type: ERROR_TYPES[behaviour.status], message: `fake ${behaviour.status}` },
        },
        behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {},
      );
    }
    const tool = body.tools[0];
    const keys: string[] = tool.input_schema.properties.criteria.items.properties.key.enum;
    const prompt: string = body.messages[0].content;
    const firstLine = prompt.split('Transcript:\n')[1]?.split('\n')[0] ?? '';
    const quote = firstLine.replace(/^\[[^\]]*\]\s*/, '');
    let input: unknown;
    switch (behaviour.kind) {
      case 'malformed':
        input = { criteria: keys.map((key) => ({ key, score: 7, passed: 'yes' })) };
        break;
      case 'fabricated':
        input = {
          criteria: keys.map((key) => ({
            key,
            score: 1,
            passed: true,
            evidence: ['I guarantee you will double your money'],
            rationale: 'Made up.',
          })),
        };
        break;
      case 'answer':
        // Holds the answer back while the test looks at the job in flight.
        await behaviour.until;
        input = {
          criteria: keys.map((key) => ({
            key,
            score: behaviour.score ?? 0.8,
            passed: behaviour.passed ?? true,
            evidence: quote ? [quote] : [],
            rationale: `Judged ${key} from the transcript.`,
          })),
        };
        break;
    }
    this.send(res, 200, {
      id: `msg_fake${this.requests.length}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [
        { type: 'tool_use', id: `toolu_fake${this.requests.length}`, name: tool.name, input },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 50 },
    });
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': `req_fake`,
      ...headers,
    });
    res.end(JSON.stringify(body));
  }
}
