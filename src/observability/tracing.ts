/**
 * OpenTelemetry traces, started here when OTEL_EXPORTER_OTLP_ENDPOINT is
 * set, and nothing at all otherwise (no SDK is even loaded).
 *
 * Imported FIRST by each entry point (src/main.ts, src/worker.ts): the
 * instrumentations patch http, express, graphql, pg and ioredis as they are
 * required, so the SDK must start before any of them is. BullMQ traces
 * itself through its `telemetry` option (bullmq-otel, see queue-backend.ts),
 * and the outbox carries each row's trace context from the transaction that
 * wrote it to the job and the pub/sub message the relay publishes
 * (OutboxRelay), so one trace follows a mutation into the worker's job.
 *
 * The SDK reads the standard variables itself: OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_HEADERS, OTEL_SERVICE_NAME
 * (default `switchboard-api`, or `switchboard-worker` in the worker process),
 * OTEL_TRACES_SAMPLER and the rest. Only traces are exported: metrics stay
 * on /metrics (Prometheus) and logs on stdout.
 */
import { tracingEnvironment } from '@/config/tracing-environment';
import { markTracingStarted } from './trace-context';

const WORKER_ENTRY = /[\\/]worker\.[jt]s$/;

function startTracing(): void {
  const environment = tracingEnvironment();
  if (!environment.endpoint) return;
  const serviceName = WORKER_ENTRY.test(require.main?.filename ?? '')
    ? 'switchboard-worker'
    : 'switchboard-api';
  // Loaded only when tracing is on, so that a process without it pays nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  markTracingStarted(startSdk(environment.serviceName ? undefined : serviceName));
}

startTracing();
