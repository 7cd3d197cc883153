import type { IncomingMessage } from 'node:http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

/** Probes and scrapes, not worth a trace each. */
const UNTRACED_PATHS = /^\/(?:health|metrics)(?:[/?]|$)/;

/**
 * Starts the OpenTelemetry SDK (tracing.ts decides whether): the trace
 * exporter, sampler, propagators and resource from the OTEL_* variables,
 * no metrics or logs. `serviceName` applies when OTEL_SERVICE_NAME is unset.
 */
export function startSdk(serviceName: string | undefined): NodeSDK {
  const sdk = new NodeSDK({
    serviceName,
    // Metrics are Prometheus' (/metrics), logs pino's (stdout).
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) =>
          UNTRACED_PATHS.test(request.url ?? ''),
      }),
      new ExpressInstrumentation(),
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
      // Only inside a trace: the outbox relay's polls and BullMQ's blocking
      // reads would otherwise each start a trace of their own.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return sdk;
}
