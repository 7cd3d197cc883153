import { createHash } from 'node:crypto';
import {
  createSourceEventStream,
  DocumentNode,
  execute,
  ExecutionArgs,
  ExecutionResult,
  print,
} from 'graphql';
import type { GraphQLContext } from './graphql-context';

/** How long a resolved event is kept for the other subscribers of the same shape. */
const SHARE_MS = 10_000;

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** A shared event's result, with its JSON made once for every socket that gets it. */
interface Shared {
  result: ExecutionResult;
  /** The result as a graphql-ws `next` payload; absent when it carries errors (formatted per socket). */
  json?: string;
}

/**
 * Subscription fan-out without re-resolving per socket. Every subscriber of
 * an event with the same (document, operation, variables, organization,
 * role) gets the same execution result: the first one executes it (with
 * fresh DataLoaders), the others reuse it. Events are recognised by the
 * outbox `eventId` their pub/sub message carries; events without one (timer
 * ticks) are executed per subscriber as usual. Consequence for resolvers:
 * what a subscription payload resolves to may depend on the organization and
 * role, never on the individual person (put per-person data behind a query).
 *
 * The serialised result is shared too: when the subscription came over a
 * socket (`context.delivery`), a shared result without errors is written to
 * the socket as the `next` message directly, its payload JSON made once per
 * event and shape, rather than handed back to graphql-ws to copy, validate
 * and stringify once per socket. Anything else (errors, events without an
 * id) goes back through graphql-ws as usual.
 */
export class SubscriptionFanout {
  private readonly shared = new Map<string, Promise<Shared>>();
  /** How many executions actually ran; tests and metrics read it. */
  executions = 0;
  /**
   * Each document's printed text: sockets subscribing with the same query
   * share one parsed document (GraphqlWsServer), so it is printed once.
   */
  private readonly printed = new WeakMap<DocumentNode, string>();

  shapeKey(args: ExecutionArgs): string {
    const viewer = (args.contextValue as GraphQLContext | undefined)?.viewer;
    return createHash('sha256')
      .update(
        JSON.stringify([
          this.printOf(args.document),
          args.operationName ?? null,
          args.variableValues ?? {},
          viewer?.organizationId ?? null,
          viewer?.role ?? null,
        ]),
      )
      .digest('base64url');
  }

  async subscribe(
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable<unknown>(stream)) return stream;
    const key = this.shapeKey(args);
    const source = stream[Symbol.asyncIterator]();
    const delivery = (args.contextValue as GraphQLContext | undefined)?.delivery;
    const next = async (): Promise<IteratorResult<ExecutionResult>> => {
      for (;;) {
        const event = await source.next();
        if (event.done) return { done: true, value: undefined };
        const { result, json } = await this.resolve(args, key, event.value);
        if (!delivery || json === undefined) return { done: false, value: result };
        // Written here, in this subscription's own order; a subscription the
        // client completed meanwhile gets nothing.
        if (!delivery.send(json)) return { done: true, value: undefined };
      }
    };
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      next,
      return: async () => {
        await source.return?.();
        return { done: true, value: undefined };
      },
      throw: async (error: unknown) => {
        await source.return?.();
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private printOf(document: DocumentNode): string {
    let text = this.printed.get(document);
    if (text === undefined) this.printed.set(document, (text = print(document)));
    return text;
  }

  private resolve(args: ExecutionArgs, key: string, event: unknown): Promise<Shared> {
    const eventId = (event as { eventId?: unknown } | null)?.eventId;
    if (typeof eventId !== 'string')
      return this.execute(args, event).then((result) => ({ result }));
    const cacheKey = `${eventId}:${key}`;
    const existing = this.shared.get(cacheKey);
    if (existing) return existing;
    const shared = this.execute(args, event).then((result): Shared =>
      result.errors ? { result } : { result, json: JSON.stringify(result) },
    );
    this.shared.set(cacheKey, shared);
    setTimeout(() => this.shared.delete(cacheKey), SHARE_MS).unref();
    return shared;
  }

  private async execute(args: ExecutionArgs, event: unknown): Promise<ExecutionResult> {
    this.executions += 1;
    const context = args.contextValue as GraphQLContext;
    return execute({
      ...args,
      rootValue: event,
      contextValue: { ...context, loaders: context.loaders.fresh() },
    });
  }
}
