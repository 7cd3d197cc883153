import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One tool call the scripted model makes. */
export interface FakeToolUse {
  name: string;
  input: Record<string, unknown>;
}

/** What the scripted model answers to one request. */
export type FakeAssistantAnswer =
  /** A final text answer (end_turn unless told otherwise, e.g. `refusal`). */
  | { text: string; stopReason?: 'end_turn' | 'refusal' | 'max_tokens' | 'stop_sequence' }
  /** Tool calls (all in one assistant message, so the client may run them at once). */
  | { toolUse: FakeToolUse[]; text?: string }
  /** An error answer with the provider's status and body. */
  | { status: 400 | 429 | 500 | 503 | 529; retryAfterMs?: number }
  /** Reads the request and never answers (until the client hangs up). */
  | { stall: true };

/** A scripted step: a fixed answer, or one computed from the request (e.g. ids from tool results). */
export type FakeAssistantStep =
  FakeAssistantAnswer | ((request: FakeAssistantRequest) => FakeAssistantAnswer);

export interface FakeAssistantRequest {
  headers: IncomingMessage['headers'];
  /** The Messages API request body as sent (model, system, tools, messages, max_tokens). */
  body: any;
  /** When it arrived (Date.now()). */
  at: number;
  /** The usage figures the fake answered with (200 answers only). */
  usage?: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
  };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'api_error',
  529: 'overloaded_error',
};

/** A rough token count (4 characters a token) so usage figures scale with the prompt. */
const tokens = (value: unknown): number => Math.ceil(JSON.stringify(value ?? '').length / 4);

/**
 * A local stand-in for Anthropic's Messages API (`POST /v1/messages`) for the
 * assistant's tool-use loop, speaking the real wire format so the real SDK
 * talks to it. Tests script the model's answers in order with `script()`
 * (fixed answers, or functions of the request, e.g. to take an id out of the
 * last tool_result); `loopForever()` answers every request with tool calls,
 * `stallAll()` never answers, and `{ status: 429 }` steps answer with
 * provider errors. With nothing scripted it answers 400, so a test that
 * forgot a step fails loudly instead of passing on a default.
 *
 * Prompt caching is simulated: the prefix up to the last `cache_control`
 * breakpoint (tools, then system, then messages) is written to the cache the
 * first time it is seen (`cache_creation_input_tokens`) and read from it
 * afterwards (`cache_read_input_tokens`); the rest counts as `input_tokens`.
 */
export class FakeAnthropicAssistant {
  readonly requests: FakeAssistantRequest[] = [];
  /** Errors thrown by scripted steps (failed expectations inside them); tests assert it stays empty. */
  readonly errors: Error[] = [];
  /** Requests held without an answer, still open now / at most. */
  openStalled = 0;
  private readonly steps: FakeAssistantStep[] = [];
  private looping: ((request: FakeAssistantRequest) => FakeAssistantAnswer) | null = null;
  private stallingAll = false;
  private readonly cache = new Set<string>();
  private toolUseCounter = 0;
  private server!: Server;
  url = '';

  /**
   * `onlyModel`: the assistant's model, for a spec whose worker also scores
   * calls (the scoring reconciler re-sends any call left unscored in the
   * database the e2e files share, and the judge asks the same API). Requests
   * for any other model are refused with a 400, neither recorded in
   * `requests` nor answered with a scripted step.
   */
  constructor(private readonly options: { onlyModel?: string } = {}) {}

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

  /** Queues the model's next answers, one per request, in order. */
  script(steps: FakeAssistantStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  /**
   * After the scripted steps run out, answers every request with tool calls:
   * the same call each time, or `make(n)` for the n-th looping answer (so
   * inputs can differ and only the loop limit stops it).
   */
  loopForever(call: FakeToolUse | ((n: number) => FakeToolUse)): this {
    let n = 0;
    this.looping = () => ({ toolUse: [typeof call === 'function' ? call(n++) : call] });
    return this;
  }

  /** From now on, every request is read and never answered. */
  stallAll(): this {
    this.stallingAll = true;
    return this;
  }

  /** Steps not used yet. */
  get pending(): number {
    return this.steps.length;
  }

  /** Forgets steps, modes, recorded requests and the simulated cache. */
  reset(): void {
    this.steps.length = 0;
    this.requests.length = 0;
    this.errors.length = 0;
    this.looping = null;
    this.stallingAll = false;
    this.cache.clear();
  }

  /** The tool_result blocks of a request's last user message. */
  static toolResults(request: FakeAssistantRequest): Array<{
    type: 'tool_result';
    tool_use_id: string;
    content: string;
    is_error?: boolean;
  }> {
    const last = request.body.messages[request.body.messages.length - 1];
    return Array.isArray(last?.content)
      ? last.content.filter((block: { type: string }) => block.type === 'tool_result')
      : [];
  }

  /** The last tool_result of a request, parsed as JSON (throws when it is not JSON). */
  static lastToolOutput<T = any>(request: FakeAssistantRequest): T {
    const results = FakeAnthropicAssistant.toolResults(request);
    return JSON.parse(results[results.length - 1].content) as T;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      return this.error(res, 404, 'not_found_error', 'Not found');
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const request: FakeAssistantRequest = { headers: req.headers, body, at: Date.now() };
    if (this.options.onlyModel && body.model !== this.options.onlyModel) {
      return this.error(
        res,
        400,
        'invalid_request_error',
        `fake: answers ${this.options.onlyModel} only`,
      );
    }
    this.requests.push(request);
    const problem = this.wireProblem(body);
    if (problem) return this.error(res, 400, 'invalid_request_error', problem);

    const step = this.steps.shift() ?? (this.looping ? this.looping : null);
    let answer: FakeAssistantAnswer | null;
    try {
      answer = this.stallingAll
        ? { stall: true }
        : step === null
          ? null
          : typeof step === 'function'
            ? step(request)
            : step;
    } catch (error) {
      // A failed expectation inside a scripted step: kept for the test, answered as a 400 (not retried).
      this.errors.push(error as Error);
      return this.error(
        res,
        400,
        'invalid_request_error',
        `fake: a scripted step threw: ${String(error)}`,
      );
    }
    if (answer === null) {
      return this.error(res, 400, 'invalid_request_error', 'fake: no answer scripted');
    }
    if ('stall' in answer) {
      this.openStalled += 1;
      res.on('close', () => (this.openStalled -= 1));
      return;
    }
    if ('status' in answer) {
      return this.error(res, answer.status, ERROR_TYPES[answer.status], `fake ${answer.status}`, {
        'retry-after-ms': String(answer.retryAfterMs ?? 10),
      });
    }
    const content: unknown[] = [];
    if (answer.text) content.push({ type: 'text', text: answer.text });
    if ('toolUse' in answer) {
      for (const use of answer.toolUse) {
        this.toolUseCounter += 1;
        content.push({
          type: 'tool_use',
          id: `toolu_fake${String(this.toolUseCounter).padStart(6, '0')}`,
          name: use.name,
          input: use.input,
        });
      }
    }
    request.usage = { ...this.usage(body), output_tokens: tokens(content) };
    this.send(res, 200, {
      id: `msg_fake${this.requests.length}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: 'toolUse' in answer ? 'tool_use' : (answer.stopReason ?? 'end_turn'),
      stop_sequence: null,
      usage: request.usage,
    });
  }

  /** The checks the real API makes that a client bug would trip here too. */
  private wireProblem(body: any): string | null {
    if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
    if (!Number.isInteger(body.max_tokens)) return 'max_tokens: Field required';
    if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: empty';
    if (body.messages[0].role !== 'user') return 'messages: first message must use the user role';
    const toolNames = new Set((body.tools ?? []).map((tool: { name: string }) => tool.name));
    if (toolNames.size !== (body.tools ?? []).length) return 'tools: Tool names must be unique';
    for (const tool of body.tools ?? []) {
      if (tool.input_schema?.type !== 'object')
        return `tools.${tool.name}.input_schema.type: must be object`;
    }
    // Every tool_use must be answered by a tool_result in the next user message.
    for (let i = 0; i < body.messages.length; i += 1) {
      const message = body.messages[i];
      if (message.role !== 'assistant' || !Array.isArray(message.content)) continue;
      const ids = message.content
        .filter((block: { type: string }) => block.type === 'tool_use')
        .map((block: { id: string }) => block.id);
      if (ids.length === 0) continue;
      const next = body.messages[i + 1];
      const answered = new Set(
        Array.isArray(next?.content)
          ? next.content
              .filter((block: { type: string }) => block.type === 'tool_result')
              .map((block: { tool_use_id: string }) => block.tool_use_id)
          : [],
      );
      const missing = ids.filter((id: string) => !answered.has(id));
      if (missing.length > 0) {
        return `messages.${i + 1}: tool_use ids were found without tool_result blocks immediately after: ${missing.join(', ')}`;
      }
    }
    return null;
  }

  /** Usage with simulated prompt caching (see the class comment). */
  private usage(body: any): {
    input_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
  } {
    const parts: Array<{ value: unknown; breakpoint: boolean }> = [];
    for (const tool of body.tools ?? [])
      parts.push({ value: tool, breakpoint: !!tool.cache_control });
    const system = typeof body.system === 'string' ? [{ text: body.system }] : (body.system ?? []);
    for (const block of system) parts.push({ value: block, breakpoint: !!block.cache_control });
    for (const message of body.messages) {
      const blocks = typeof message.content === 'string' ? [message.content] : message.content;
      for (const block of blocks) {
        parts.push({
          value: block,
          breakpoint: typeof block === 'object' && !!block.cache_control,
        });
      }
    }
    const last = parts.map((part) => part.breakpoint).lastIndexOf(true);
    const prefix = parts.slice(0, last + 1).map((part) => part.value);
    const rest = parts.slice(last + 1).map((part) => part.value);
    const prefixTokens = last >= 0 ? tokens(prefix) : 0;
    const key = createHash('sha256').update(JSON.stringify(prefix)).digest('hex');
    const hit = last >= 0 && this.cache.has(key);
    if (last >= 0) this.cache.add(key);
    return {
      input_tokens: tokens(rest),
      cache_creation_input_tokens: last >= 0 && !hit ? prefixTokens : 0,
      cache_read_input_tokens: hit ? prefixTokens : 0,
    };
  }

  private error(
    res: ServerResponse,
    status: number,
    type: string,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    this.send(res, status, { type: 'error', error: { type, message } }, headers);
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': 'req_fake',
      ...headers,
    });
    res.end(JSON.stringify(body));
  }
}
