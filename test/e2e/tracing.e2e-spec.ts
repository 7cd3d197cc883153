import { trace } from '@opentelemetry/api';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { tracingStarted } from '@/observability/trace-context';
import { CALL, createCampaign, sampleTranscript } from '../factories/calls.factory';
import { gqlOk, registerUser } from '../factories/identity.factory';
import { AppProcess } from '../faults/harness/app-process';
import { freePort } from '../faults/harness/ports';
import { eventually, startApi, TestApp } from '../utils/test-app';

/** One span as the OTLP/HTTP JSON exporter sends it, with its process's service name. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean | undefined>;
}

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
};
type OtlpAttributes = Array<{ key: string; value: OtlpValue }> | undefined;

function attributesOf(list: OtlpAttributes): ReceivedSpan['attributes'] {
  const result: ReceivedSpan['attributes'] = {};
  for (const { key, value } of list ?? []) {
    result[key] =
      value.stringValue ??
      (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
      value.boolValue ??
      value.doubleValue;
  }
  return result;
}

/**
 * A local OTLP/HTTP receiver (the protocol a collector, Jaeger or Tempo
 * speaks on port 4318), JSON encoding: keeps every span it is sent.
 */
class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.receive(request).then(
        () => {
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        },
        () => response.writeHead(400).end(),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private async receive(request: IncomingMessage): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.url !== '/v1/traces') return;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    for (const resourceSpans of body.resourceSpans ?? []) {
      const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          this.spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind,
            attributes: attributesOf(span.attributes),
          });
        }
      }
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** importCall with an operation name, so its GraphQL span is easy to find. */
const IMPORT_CALL_NAMED = `mutation ImportCallTraced($input: ImportCallInput!) {
  importCall(input: $input) { id } }`;

/** The test process's environment as strings (global setup's database, Redis, secrets). */
function inheritedEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('traces (OpenTelemetry)', () => {
  describe('with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
    const receiver = new OtlpReceiver();
    let api: AppProcess;
    let worker: AppProcess;

    beforeAll(async () => {
      await receiver.start();
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-tracing-'));
      const env = (): Record<string, string> => ({
        ...inheritedEnvironment(),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // Export every 200 ms rather than every 5 s.
        OTEL_BSP_SCHEDULE_DELAY: '200',
        // The harness sees the worker ready by its "worker running" line.
        LOG_LEVEL: 'info',
        ANTHROPIC_API_KEY: '',
        ANTHROPIC_BASE_URL: '',
      });
      // The api and the worker as their own processes, started by src/main.ts
      // and src/worker.ts exactly as in production (the SDK is process-wide
      // and must start before the modules it instruments are loaded).
      // FAULTS_TS_NODE: from the sources, never a stale build.
      process.env.FAULTS_TS_NODE = '1';
      api = new AppProcess('api', 'api', env, dir, await freePort());
      worker = new AppProcess('worker', 'worker', env, dir);
      // Generous: both compile the whole application on start, on a loaded machine.
      await Promise.all([api.start({ timeoutMs: 540_000 }), worker.start({ timeoutMs: 540_000 })]);
    }, 600_000);

    afterAll(async () => {
      for (const child of [api, worker]) {
        if (child?.running) await child.signal('SIGTERM', 30_000).catch(() => undefined);
        await child?.stop();
      }
      await receiver.close();
    }, 90_000);

    it('follows a mutation through the outbox relay into the worker job and the subscription push, in one trace', async () => {
      const owner = await registerUser(api);
      const campaign = await createCampaign(api, owner.accessToken);
      const { importCall } = await gqlOk(
        api,
        IMPORT_CALL_NAMED,
        {
          input: {
            campaignId: campaign.id,
            direction: 'INBOUND',
            from: '+14155550111',
            to: '+14155550100',
            transcript: sampleTranscript(),
          },
        },
        owner.accessToken,
      );
      // The worker scores it (built-in judge): the job the mutation queued ran.
      await eventually(
        async () => {
          const { call } = await gqlOk(api, CALL, { id: importCall.id }, owner.accessToken);
          return call.scoreStatus === 'SCORED' ? true : undefined;
        },
        { timeoutMs: 60_000, what: 'the imported call to be scored' },
      );
      // The outbox row of the scoring job, written in the mutation's transaction.
      const [row] = await query<{ id: string; traceparent: string | null }>(
        `SELECT id, traceparent FROM outbox_event
          WHERE queue = 'call-scoring' AND payload->>'callId' = $1`,
        [importCall.id],
      );
      expect(row?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      const traceId = row.traceparent!.split('-')[1];

      const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
      const find = (what: string, predicate: (span: ReceivedSpan) => boolean) =>
        eventually(() => inTrace().find(predicate), { timeoutMs: 30_000, what });

      // The api: the HTTP request and the GraphQL operation of the mutation.
      const operation = await find('the GraphQL span of the mutation', (span) =>
        Object.values(span.attributes).includes('ImportCallTraced'),
      );
      expect(operation.service).toBe('switchboard-api');
      const server = await find('the HTTP server span of the mutation', (span) => span.kind === 2);
      expect(server.service).toBe('switchboard-api');
      // The relay's publish of the row (in the api or the worker, whichever relayed it) ...
      const publish = await find(
        'the relay publishing the job',
        (span) =>
          span.name.startsWith('outbox publish') &&
          span.attributes['messaging.message.id'] === row.id,
      );
      expect(publish.kind).toBe(4);
      // ... and the worker's job, a child of that publish.
      const job = await find(
        "the worker's span of the job",
        (span) => span.kind === 5 && span.attributes['bullmq.job.id'] === row.id,
      );
      expect(job.service).toBe('switchboard-worker');
      expect(job.parentSpanId).toBe(publish.spanId);
      // The job's own writes continue the trace: the callScored push to subscribers.
      const push = await find(
        'the callScored subscription push',
        (span) =>
          span.name.startsWith('outbox publish') &&
          String(span.attributes['outbox.topic']).startsWith('call.scored.'),
      );
      expect(push.kind).toBe(4);
      // Every span of the trace hangs together: one root, the mutation's
      // request (a parent may arrive a moment after its children).
      const roots = () => {
        const spans = inTrace();
        const ids = new Set(spans.map((span) => span.spanId));
        return spans.filter((span) => !ids.has(span.parentSpanId));
      };
      await eventually(() => (roots().length === 1 ? true : undefined), {
        timeoutMs: 15_000,
        what: 'one root span in the trace',
      }).catch(() => undefined);
      expect(roots().map((span) => span.spanId)).toEqual([server.spanId]);
    }, 180_000);
  });

  describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    let api: TestApp;

    beforeAll(async () => {
      expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
      api = await startApi();
    });
    afterAll(() => api.close());

    it('starts no SDK, gives BullMQ no telemetry and writes no trace context', async () => {
      expect(tracingStarted()).toBe(false);
      // No tracer provider registered: spans are the API's no-op spans.
      const span = trace.getTracer('probe').startSpan('probe');
      expect(span.isRecording()).toBe(false);
      span.end();
      for (const queue of api.app.get(QueueRegistry).all()) {
        expect(queue.opts.telemetry).toBeUndefined();
      }
      const owner = await registerUser(api);
      const campaign = await createCampaign(api, owner.accessToken);
      const { importCall } = await gqlOk(
        api,
        IMPORT_CALL_NAMED,
        {
          input: {
            campaignId: campaign.id,
            direction: 'INBOUND',
            from: '+14155550111',
            to: '+14155550100',
            transcript: sampleTranscript(),
          },
        },
        owner.accessToken,
      );
      const rows = await query<{ traceparent: string | null }>(
        `SELECT traceparent FROM outbox_event WHERE payload->>'callId' = $1`,
        [importCall.id],
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.traceparent === null)).toBe(true);
    });

    it('does not even load the SDK when the entry points load tracing.ts', async () => {
      /** How many modules of the SDK a process has loaded once it has required tracing.ts. */
      const sdkModulesLoaded = async (env: Record<string, string>): Promise<number> => {
        const script = `require('./src/observability/tracing');
          const loaded = Object.keys(require.cache).filter((path) => path.includes('@opentelemetry/sdk-node'));
          process.stdout.write(JSON.stringify(loaded.length));
          process.exit(0);`;
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', script],
          {
            cwd: join(__dirname, '..', '..'),
            env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
            timeout: 60_000,
          },
        );
        return JSON.parse(stdout);
      };
      expect(await sdkModulesLoaded({})).toBe(0);
      // The control: with the variable set, the same process has loaded it.
      expect(
        await sdkModulesLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }),
      ).toBeGreaterThan(0);
    }, 120_000);
  });
});
