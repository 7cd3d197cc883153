import { Context, context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';

/** The started SDK (src/observability/tracing.ts), or undefined: tracing is off in this process. */
let sdk: { shutdown(): Promise<void> } | undefined;

/** Called by tracing.ts once the OpenTelemetry SDK has started. */
export function markTracingStarted(started: { shutdown(): Promise<void> }): void {
  sdk = started;
}

/** Whether this process exports traces (the SDK was started). */
export function tracingStarted(): boolean {
  return sdk !== undefined;
}

/** Exports the spans not sent yet and stops the SDK (at shutdown); nothing when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  const started = sdk;
  sdk = undefined;
  await started?.shutdown().catch(() => undefined);
}

/**
 * The W3C `traceparent` of the span active here, when tracing is on and a
 * span is active; otherwise undefined (and nothing is computed).
 */
export function activeTraceparent(): string | undefined {
  if (!sdk) return undefined;
  const active = context.active();
  if (!trace.getSpan(active)) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier.traceparent;
}

/** The context a `traceparent` (activeTraceparent's) was taken in, to continue its trace. */
export function contextOfTraceparent(traceparent: string): Context {
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** The propagation headers (`traceparent`, `tracestate`) of `ctx`, for a carrier such as a job. */
export function propagationHeaders(ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}
