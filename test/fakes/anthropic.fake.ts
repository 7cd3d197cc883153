import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What the fake does with the next request; `answer` (the default) scores correctly. */
export type FakeBehaviour =
  | { kind: 'answer'; score?: number; passed?: boolean; until?: Promise<unknown> }
  | { kind: 'status'; status: 429 | 500 | 503 | 529 | 400; retryAfter?: string }
  | { kind: 'malformed' }
  | { kind: 'fabricated' };

/** What the fake's Message Batches API answers for one request of a batch. */
export type BatchOutcome = 'succeeded' | 'errored' | 'expired' | 'canceled';

/** A batch the fake was sent (`POST /v1/messages/batches`). */
export interface FakeBatch {
  id: string;
  requests: Array<{ custom_id: string; params: any }>;
  /** Times its status was asked for. */
  retrieves: number;
  canceled: boolean;
  /** Outcomes, decided when the results are first read (by custom_id). */
  outcomes: Map<string, BatchOutcome>;
}

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
 * A local stand-in for Anthropic's Messages API (`POST /v1/messages`) and
 * Message Batches API (`/v1/messages/batches`: create, retrieve, results as
 * JSONL, cancel; per-request outcomes set with `batchOutcomeWhen`; batches
 * received kept in `batches`),
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
  /** Message Batches received, in order. */
  readonly batches: FakeBatch[] = [];
  /** Status requests before a batch reports `ended` (1: the first retrieve says ended). */
  batchPollsUntilEnded = 1;
  private readonly batchRules: Array<{ marker: string; outcome: BatchOutcome; times: number }> = [];
  /** Cacheable prefixes (tools + system up to cache_control) already written to the "cache". */
  private readonly cached = new Set<string>();
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
    this.batches.length = 0;
    this.batchRules.length = 0;
    this.batchPollsUntilEnded = 1;
    this.cached.clear();
  }

  /**
   * The next `times` batch requests whose params contain `marker` get
   * `outcome`; the others succeed (answering like `answer`).
   */
  batchOutcomeWhen(marker: string, outcome: BatchOutcome, times = Infinity): void {
    this.batchRules.push({ marker, outcome, times });
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
    const path = (req.url ?? '').split('?')[0];
    if (path.startsWith('/v1/messages/batches')) {
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
      return this.handleBatches(req.method ?? 'GET', path, body, res);
    }
    if (req.method !== 'POST' || path !== '/v1/messages') {
      return this.send(res, 404, {
        type: 'error',
        error: { type: 'not_found_error', message: 'Not found' },
      });
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    this.requests.push({ headers: req.headers, body, at: Date.now() });
    // The prompt: the system block (scorecard, script) and the messages (transcript).
    const prompt = JSON.stringify([body.system, body.messages]);
    if (this.hangMarker && prompt.includes(this.hangMarker)) {
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
    // Holds the answer back while the test looks at the job in flight.
    if (behaviour.kind === 'answer') await behaviour.until;
    this.send(res, 200, this.message(body, behaviour, `${this.requests.length}`));
  }

  /**
   * An answer to one Messages request. Usage counts the cacheable prefix
   * (tools and system up to a block marked cache_control, 1 token per 4
   * characters) as written to the cache the first time it is seen and read
   * from it after that; without cache_control everything is plain input.
   */
  private message(body: any, behaviour: FakeBehaviour, n: string): Record<string, unknown> {
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
      case 'status':
        input = {
          criteria: keys.map((key) => ({
            key,
            score: behaviour.kind === 'answer' ? (behaviour.score ?? 0.8) : 0.8,
            passed: behaviour.kind === 'answer' ? (behaviour.passed ?? true) : true,
            evidence: quote ? [quote] : [],
            rationale: `Judged ${key} from the transcript.`,
          })),
        };
    }
    const system: Array<{ text: string; cache_control?: unknown }> = Array.isArray(body.system)
      ? body.system
      : body.system
        ? [{ text: body.system }]
        : [];
    const marked = system.findIndex((block) => block.cache_control);
    const prefix =
      marked >= 0 ? JSON.stringify(body.tools) + JSON.stringify(system.slice(0, marked + 1)) : '';
    const prefixTokens = Math.ceil(prefix.length / 4);
    const total = Math.ceil(
      (
        JSON.stringify(body.tools) +
        JSON.stringify(body.system ?? '') +
        JSON.stringify(body.messages)
      ).length / 4,
    );
    const hit = prefix !== '' && this.cached.has(prefix);
    if (prefix) this.cached.add(prefix);
    return {
      id: `msg_fake${n}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [{ type: 'tool_use', id: `toolu_fake${n}`, name: tool.name, input }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: total - prefixTokens,
        output_tokens: 50,
        cache_creation_input_tokens: prefix && !hit ? prefixTokens : 0,
        cache_read_input_tokens: hit ? prefixTokens : 0,
      },
    };
  }

  /** The Message Batches API: create, retrieve, results (JSONL), cancel. */
  private handleBatches(method: string, path: string, body: any, res: ServerResponse): void {
    const [, id, action] = /^\/v1\/messages\/batches(?:\/([^/]+))?(?:\/(\w+))?$/.exec(path) ?? [];
    if (method === 'POST' && !id) {
      const batch: FakeBatch = {
        id: `msgbatch_fake${this.batches.length + 1}`,
        requests: body.requests,
        retrieves: 0,
        canceled: false,
        outcomes: new Map(),
      };
      this.batches.push(batch);
      return this.send(res, 200, this.batchObject(batch));
    }
    const batch = this.batches.find((candidate) => candidate.id === id);
    if (!batch) {
      return this.send(res, 404, {
        type: 'error',
        error: { type: 'not_found_error', message: `No batch ${id}` },
      });
    }
    if (method === 'POST' && action === 'cancel') {
      batch.canceled = true;
      return this.send(res, 200, this.batchObject(batch));
    }
    if (method === 'GET' && !action) {
      batch.retrieves += 1;
      return this.send(res, 200, this.batchObject(batch));
    }
    if (method === 'GET' && action === 'results') {
      if (!this.ended(batch)) {
        return this.send(res, 400, {
          type: 'error',
          error: { type: 'invalid_request_error', message: 'Batch has not ended' },
        });
      }
      const lines = batch.requests.map((request, index) =>
        JSON.stringify({
          custom_id: request.custom_id,
          result: this.batchResult(batch, request, index),
        }),
      );
      res.writeHead(200, { 'content-type': 'application/binary', 'request-id': 'req_fake' });
      res.end(lines.join('\n') + '\n');
      return;
    }
    this.send(res, 404, {
      type: 'error',
      error: { type: 'not_found_error', message: 'Not found' },
    });
  }

  private ended(batch: FakeBatch): boolean {
    return batch.canceled || batch.retrieves >= this.batchPollsUntilEnded;
  }

  private outcomeOf(batch: FakeBatch, request: { custom_id: string; params: any }): BatchOutcome {
    const known = batch.outcomes.get(request.custom_id);
    if (known) return known;
    const text = JSON.stringify(request.params);
    const rule = this.batchRules.find(
      (candidate) => candidate.times > 0 && text.includes(candidate.marker),
    );
    let outcome: BatchOutcome = batch.canceled ? 'canceled' : 'succeeded';
    if (rule) {
      rule.times -= 1;
      outcome = rule.outcome;
    }
    batch.outcomes.set(request.custom_id, outcome);
    return outcome;
  }

  private batchResult(
    batch: FakeBatch,
    request: { custom_id: string; params: any },
    index: number,
  ): Record<string, unknown> {
    const outcome = this.outcomeOf(batch, request);
    switch (outcome) {
      case 'succeeded':
        return {
          type: 'succeeded',
          message: this.message(request.params, { kind: 'answer' }, `${batch.id}_${index}`),
        };
      case 'errored':
        return {
          type: 'errored',
          error: {
            type: 'error',
            request_id: null,
            error: { type: 'invalid_request_error', message: 'fake: this request was malformed' },
          },
        };
      case 'expired':
      case 'canceled':
        return { type: outcome };
    }
  }

  private batchObject(batch: FakeBatch): Record<string, unknown> {
    const ended = this.ended(batch);
    const total = batch.requests.length;
    const counts = {
      processing: ended ? 0 : total,
      succeeded: 0,
      errored: 0,
      canceled: 0,
      expired: 0,
    };
    if (ended) {
      for (const request of batch.requests) counts[this.outcomeOf(batch, request)] += 1;
    }
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : batch.canceled ? 'canceling' : 'in_progress',
      request_counts: counts,
      ended_at: ended ? new Date().toISOString() : null,
      created_at: new Date().toISOString(),
      expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      archived_at: null,
      cancel_initiated_at: batch.canceled ? new Date().toISOString() : null,
      results_url: ended ? `${this.url}/v1/messages/batches/${batch.id}/results` : null,
    };
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
