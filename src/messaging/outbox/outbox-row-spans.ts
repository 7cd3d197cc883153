import { Context, context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Queue } from 'bullmq';
import { contextOfTraceparent, tracingStarted } from '@/observability/trace-context';
import type { PendingRow } from './outbox.repository';

const tracer = trace.getTracer('switchboard-outbox');

/**
 * The spans of one relay batch (tracing on only). Each row written with a
 * trace context (`traceparent`, from the writer's transaction) gets a
 * producer span `outbox publish <queue or topic>` in that trace, from the
 * claim to the end of its publish: its job carries the span's context
 * (BullMQ's telemetry metadata), so the worker's span of the job is its
 * child, and its pub/sub message is published inside it. So one trace runs
 * from the mutation through the relay into the job and the subscription
 * push, whichever process relays the row and however late. Rows without a
 * context, and every row when tracing is off, get nothing.
 */
export class OutboxRowSpans {
  private readonly spans = new Map<PendingRow, { span: Span; context: Context }>();

  constructor(rows: PendingRow[]) {
    if (!tracingStarted()) return;
    const now = Date.now();
    for (const row of rows) {
      if (!row.traceparent) continue;
      const parent = contextOfTraceparent(row.traceparent);
      const destination = row.queue ? `${row.queue}.${row.job_name}` : row.topic;
      const span = tracer.startSpan(
        `outbox publish ${destination}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': row.queue ? 'bullmq' : 'pubsub',
            'messaging.destination.name': destination ?? '',
            'messaging.message.id': row.id,
            'outbox.topic': row.topic ?? '',
            'outbox.attempt': row.attempts + 1,
            'outbox.wait_ms': now - new Date(row.created_at).getTime(),
          },
        },
        parent,
      );
      this.spans.set(row, { span, context: trace.setSpan(parent, span) });
    }
  }

  /**
   * Options that make `row`'s job continue its trace: the row span's context
   * as the queue's telemetry (bullmq-otel) writes it into a job. None without
   * a span or without telemetry on the queue.
   */
  jobTelemetry(row: PendingRow, queue: Queue): { telemetry?: { metadata: string } } {
    const entry = this.spans.get(row);
    const contextManager = queue.opts.telemetry?.contextManager;
    if (!entry || !contextManager) return {};
    return { telemetry: { metadata: contextManager.getMetadata(entry.context) } };
  }

  /** Runs `work` (the row's pub/sub publish) inside the row's span, when it has one. */
  within<T>(row: PendingRow, work: () => Promise<T>): Promise<T> {
    const entry = this.spans.get(row);
    return entry ? context.with(entry.context, work) : work();
  }

  /** Ends the row's span: an error when it was not published. */
  end(row: PendingRow, error?: unknown): void {
    const entry = this.spans.get(row);
    if (!entry) return;
    this.spans.delete(row);
    if (error !== undefined) {
      const message = error instanceof Error ? error.message : JSON.stringify(error);
      entry.span.recordException(error instanceof Error ? error : message);
      entry.span.setStatus({ code: SpanStatusCode.ERROR, message });
    }
    entry.span.end();
  }
}
