import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  DocumentNode,
  ExecutionArgs,
  GraphQLError,
  GraphQLFormattedError,
  OperationTypeNode,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { CloseCode, Context, MessageType } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { PubSubEngine } from 'graphql-subscriptions';
import { ACCESS_REVOKED_TOPIC, AccessRevocation, revokes } from '@/access/access-revocation';
import { Viewer } from '@/access/viewer';
import { appConfig, graphqlConfig } from '@/config/configuration';
import type { OutboxMessage } from '@/messaging/outbox/outbox-message';
import { RelationSources } from './dataloader/relation-sources';
import { DataLoaderRegistry } from './dataloader/dataloader-registry';
import { MetricsService } from '@/observability/metrics.service';
import { CONNECTION_AUTHENTICATOR, ConnectionAuthenticator } from './connection-authenticator';
import { createErrorFormatter } from './errors/format-error';
import { GraphQLContext, SocketDelivery } from './graphql-context';
import { graphqlProtection } from './graphql-limits';
import { PUB_SUB } from '@/messaging/pubsub/pubsub.constants';
import { SubscriptionFanout } from './subscription-fanout';
import { clientIp } from './rate-limit/admit-request';
import {
  ApiRateLimiter,
  rateLimitedGraphQLError,
  rateLimitSubject,
} from './rate-limit/api-rate-limiter';
import { RateLimitedError } from '@/common/errors/domain-errors';

/** Parsed and validated documents kept for reuse (GraphqlWsServer.validDocuments). */
const MAX_REMEMBERED_DOCUMENTS = 1000;
/** Longer query texts are parsed for each operation rather than kept. */
const MAX_REMEMBERED_QUERY_LENGTH = 20_000;

/** "Try Again Later": the close code a socket gets when it reads too slowly. */
export const SLOW_READER_CLOSE_CODE = 1013;

/**
 * Whether `socket`'s client is keeping up: above `maxBuffered` bytes still
 * waiting to be written it is not, and the socket is closed with 1013 so
 * nothing more is queued for it. Asked before every `next` message, both
 * those the fan-out writes itself (`SocketDelivery.send`) and those
 * graphql-ws writes (`onNext`); other messages (acks, errors, completes) are
 * small and rare.
 */
function keepsUp(socket: WebSocket, maxBuffered: number): boolean {
  if (socket.readyState !== WebSocket.OPEN) return false;
  if (socket.bufferedAmount <= maxBuffered) return true;
  socket.close(SLOW_READER_CLOSE_CODE, 'Try Again Later: reading too slowly');
  return false;
}

/** RATE_LIMITED for a subscription over one of the caps; the socket stays open. */
function tooManySubscriptions(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'RATE_LIMITED' } });
}

/** The codes Apollo gives the same failures over HTTP. */
function withCode(error: unknown, code: string): GraphQLError {
  if (!(error instanceof GraphQLError))
    return new GraphQLError(String(error), { extensions: { code } });
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

interface SocketExtra {
  [key: string | symbol]: unknown;
  socket: WebSocket;
  request: IncomingMessage;
  viewer?: Viewer;
  expiryTimer?: NodeJS.Timeout;
  /** The socket's live subscriptions by id, each with the payload that started it. */
  slots?: Map<string, unknown>;
}

/**
 * graphql-ws on the same `/graphql` path as HTTP. Set up here rather than
 * through the Apollo driver so that every limit applies to sockets too:
 * message size, connection-init timeout, the same validation rules and token
 * limit as HTTP, the same error formatting, authentication in onConnect, and
 * the same live credential check as HTTP for every operation (onSubscribe).
 */
@Injectable()
export class GraphqlWsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(GraphqlWsServer.name);
  private webSocketServer: WebSocketServer | undefined;
  private disposable: { dispose(): void | Promise<void> } | undefined;
  private readonly authenticated = new Set<SocketExtra>();
  /** Resolves each outbox event once per subscription shape (see subscription-fanout.ts). */
  readonly fanout = new SubscriptionFanout();
  private revocationSubscription: number | undefined;
  /** Live subscriptions per user (or API key) over this instance's sockets. */
  private readonly subscriptionsBySubject = new Map<string, number>();
  /**
   * Documents that parsed and validated, by query text (as Apollo keeps them
   * for HTTP): every socket subscribing with the same text shares one parsed
   * document, about 10 KiB of AST and tokens each, and skips parsing and
   * validation. Validation depends on the text alone (the cost rule counts a
   * page-size variable as the largest page). Bounded, oldest out first.
   */
  private readonly validDocuments = new Map<string, DocumentNode>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly metrics: MetricsService,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    @Inject(graphqlConfig.KEY) private readonly config: ConfigType<typeof graphqlConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    private readonly relations: RelationSources,
    private readonly limiter: ApiRateLimiter,
    @Optional()
    @Inject(CONNECTION_AUTHENTICATOR)
    private readonly authenticator?: ConnectionAuthenticator,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    const schema = this.schemaHost.schema;
    const rules = [
      ...specifiedRules,
      ...graphqlProtection(this.config, this.app.production).validationRules,
    ];
    const formatError = createErrorFormatter(this.app.production);
    const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
      errors.map((error) => formatError(error.toJSON(), error));

    this.webSocketServer = new WebSocketServer({
      server,
      path: '/graphql',
      maxPayload: this.config.wsMaxPayloadBytes,
    });
    this.webSocketServer.on('connection', (socket) => {
      this.metrics.websocketConnections.inc();
      socket.once('close', () => this.metrics.websocketConnections.dec());
    });

    const contextFor = (
      ctx: Context<Record<string, unknown>, SocketExtra>,
      viewer: Viewer | undefined,
    ): GraphQLContext => {
      const authorization =
        ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
      return {
        req: { headers: typeof authorization === 'string' ? { authorization } : {} },
        connectionParams: ctx.connectionParams ?? {},
        loaders: new DataLoaderRegistry(this.relations),
        viewer,
      };
    };

    this.disposable = useServer<Record<string, unknown>, SocketExtra>(
      {
        schema,
        subscribe: (args) => this.fanout.subscribe(args),
        connectionInitWaitTimeout: this.config.wsConnectionInitTimeoutMs,
        onConnect: async (ctx) => {
          if (!this.authenticator) return true;
          const result = await this.authenticator
            .authenticate(ctx.connectionParams ?? {}, ctx.extra.request)
            .catch(() => null);
          if (!result) {
            ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
            return false;
          }
          ctx.extra.viewer = result.viewer;
          this.authenticated.add(ctx.extra);
          ctx.extra.socket.once('close', () => this.authenticated.delete(ctx.extra));
          if (result.expiresAt) {
            const remaining = Math.max(result.expiresAt.getTime() - Date.now(), 0);
            ctx.extra.expiryTimer = setTimeout(
              () => ctx.extra.socket.close(CloseCode.Forbidden, 'Token expired'),
              remaining,
            );
            ctx.extra.socket.once('close', () => clearTimeout(ctx.extra.expiryTimer));
          }
          return true;
        },
        onSubscribe: async (ctx, id, payload) => {
          // Every operation costs one request of the socket's viewer (or client IP), as over HTTP.
          try {
            await this.limiter.consume(
              rateLimitSubject(ctx.extra.viewer, this.clientIpOf(ctx.extra.request)),
            );
          } catch (error) {
            if (error instanceof RateLimitedError) return [rateLimitedGraphQLError(error)];
            throw error;
          }
          let document = this.validDocuments.get(payload.query);
          if (!document) {
            try {
              document = parse(payload.query, { maxTokens: this.config.maxTokens });
            } catch (error) {
              return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
            }
            const errors = validate(schema, document, rules);
            if (errors.length > 0)
              return errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
            this.rememberValid(payload.query, document);
          }
          const operation = getOperationAST(document, payload.operationName);
          if (!operation) return [new GraphQLError('Unable to identify the operation')];
          // Every operation is checked like an HTTP request: the session (or
          // key) must still be live, and the role is the member's current one
          // (LiveSessions remembers the check and forgets it on any change).
          let viewer = ctx.extra.viewer;
          if (this.authenticator) {
            const result = await this.authenticator
              .authenticate(ctx.connectionParams ?? {}, ctx.extra.request)
              .catch(() => null);
            if (!result) {
              ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
              return [
                new GraphQLError('Invalid or expired credentials', {
                  extensions: { code: 'UNAUTHENTICATED' },
                }),
              ];
            }
            viewer = result.viewer;
          }
          const prefix = `{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`;
          const { socket } = ctx.extra;
          const delivery: SocketDelivery = {
            send: (payloadJson) => {
              if (!(id in ctx.subscriptions)) return false;
              if (!keepsUp(socket, this.config.wsMaxBufferedBytes)) return false;
              socket.send(`${prefix}${payloadJson}}`);
              return true;
            },
          };
          if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
            const refused = this.takeSlot(ctx.extra, id, payload);
            if (refused) return [refused];
          }
          const args: ExecutionArgs = {
            schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue: { ...contextFor(ctx, viewer), delivery },
          };
          return args;
        },
        onNext: (ctx, _id, _payload, _args, result) => {
          // A slow reader's socket is closed here; graphql-ws sends nothing on a closed socket.
          keepsUp(ctx.extra.socket, this.config.wsMaxBufferedBytes);
          return result.errors ? { ...result, errors: format(result.errors) } : undefined;
        },
        onError: (_ctx, _id, _payload, errors) => format(errors),
        onComplete: (ctx, id, payload) => this.freeSlot(ctx.extra, id, payload),
      },
      this.webSocketServer,
    );
    this.logger.log('graphql-ws subscriptions on /graphql');
    void this.pubSub
      .subscribe(
        ACCESS_REVOKED_TOPIC,
        (message: OutboxMessage<AccessRevocation>) => this.revoke(message.payload),
        {},
      )
      .then((id) => (this.revocationSubscription = id));
  }

  /** The client IP of a socket's upgrade request, under the same TRUST_PROXY rule as HTTP. */
  private clientIpOf(request: IncomingMessage): string {
    const express = this.adapterHost.httpAdapter?.getInstance<{
      get?(setting: string): unknown;
    }>();
    const trust = express?.get?.('trust proxy fn');
    return clientIp(
      request,
      typeof trust === 'function'
        ? (trust as (address: string, hop: number) => boolean)
        : undefined,
    );
  }

  private subjectOf(extra: SocketExtra): string | undefined {
    return extra.viewer ? rateLimitSubject(extra.viewer, '') : undefined;
  }

  /** Keeps a document that parsed and validated for the next operation with the same text. */
  private rememberValid(query: string, document: DocumentNode): void {
    if (query.length > MAX_REMEMBERED_QUERY_LENGTH) return;
    if (this.validDocuments.size >= MAX_REMEMBERED_DOCUMENTS) {
      this.validDocuments.delete(this.validDocuments.keys().next().value!);
    }
    this.validDocuments.set(query, document);
  }

  /**
   * Holds one of the socket's WS_MAX_SUBSCRIPTIONS_PER_SOCKET and one of its
   * viewer's WS_MAX_SUBSCRIPTIONS_PER_USER slots for subscription `id`, or
   * answers why not. Slots come back when the subscription completes (either
   * side) and when the socket closes.
   */
  private takeSlot(extra: SocketExtra, id: string, payload: unknown): GraphQLError | undefined {
    if (!extra.slots) {
      const slots = new Map<string, unknown>();
      extra.slots = slots;
      extra.socket.once('close', () => {
        for (const [slotId, slotPayload] of [...slots]) this.freeSlot(extra, slotId, slotPayload);
      });
    }
    if (extra.slots.size >= this.config.wsMaxSubscriptionsPerSocket) {
      return tooManySubscriptions(
        `Too many subscriptions on this connection (at most ${this.config.wsMaxSubscriptionsPerSocket}); complete one first`,
      );
    }
    const subject = this.subjectOf(extra);
    if (subject) {
      const held = this.subscriptionsBySubject.get(subject) ?? 0;
      if (held >= this.config.wsMaxSubscriptionsPerUser) {
        return tooManySubscriptions(
          `Too many subscriptions for this user (at most ${this.config.wsMaxSubscriptionsPerUser}); complete one first`,
        );
      }
      this.subscriptionsBySubject.set(subject, held + 1);
    }
    extra.slots.set(id, payload);
    this.metrics.graphqlSubscriptions.inc();
    return undefined;
  }

  /**
   * Gives back the slot of subscription `id`, if it is still the one started
   * by `payload` (a client may reuse an id as soon as it completed it).
   */
  private freeSlot(extra: SocketExtra, id: string, payload: unknown): void {
    if (!extra.slots || !extra.slots.has(id) || extra.slots.get(id) !== payload) return;
    extra.slots.delete(id);
    this.metrics.graphqlSubscriptions.dec();
    const subject = this.subjectOf(extra);
    if (!subject) return;
    const held = (this.subscriptionsBySubject.get(subject) ?? 1) - 1;
    if (held > 0) this.subscriptionsBySubject.set(subject, held);
    else this.subscriptionsBySubject.delete(subject);
  }

  /** Logout, session revocation, member removal, key revocation: their sockets close at once (4403). */
  private revoke(revocation: AccessRevocation): void {
    for (const extra of this.authenticated) {
      if (extra.viewer && revokes(revocation, extra.viewer)) {
        extra.socket.close(CloseCode.Forbidden, 'Access revoked');
      }
    }
  }

  /** Before HTTP stops: tell every socket we are going away so clients reconnect elsewhere. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.revocationSubscription !== undefined)
      this.pubSub.unsubscribe(this.revocationSubscription);
    if (!this.webSocketServer) return;
    for (const client of this.webSocketServer.clients) client.close(1001, 'Server shutting down');
    await this.disposable?.dispose();
    await new Promise<void>((resolve) => this.webSocketServer!.close(() => resolve()));
  }
}
