import type { Request, Response } from 'express';
import type { Viewer } from '@/access/viewer';
import { DataLoaderRegistry } from './dataloader/dataloader-registry';

/**
 * The context every resolver sees, over HTTP and over graphql-ws alike.
 * `req` carries the headers guards read (for a socket: the Authorization
 * given in connectionParams), so one guard serves both transports.
 */
export interface GraphQLContext {
  req: Pick<Request, 'headers'> & Partial<Request>;
  res?: Response;
  /** Request-scoped DataLoaders: one set per HTTP request or per subscription event. */
  loaders: DataLoaderRegistry;
  /** graphql-ws only: what the client sent in connection_init. */
  connectionParams?: Record<string, unknown>;
  /** Who is calling: set by the access guard (HTTP) or when the socket connected (graphql-ws). */
  viewer?: Viewer;
  /** graphql-ws only: writes a `next` message for this subscription straight to its socket. */
  delivery?: SocketDelivery;
}

export interface SocketDelivery {
  /**
   * Sends `payloadJson` (a serialised ExecutionResult) as this subscription's
   * `next` message; false when the subscription or its socket is gone.
   */
  send(payloadJson: string): boolean;
}
