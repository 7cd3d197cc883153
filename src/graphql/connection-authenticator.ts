import type { IncomingMessage } from 'node:http';
import type { Viewer } from '@/access/viewer';

/**
 * Decides whether a graphql-ws connection may open, from what the client sent
 * in `connection_init` (`connectionParams.authorization`). The identity module
 * provides the implementation; returning null closes the socket with 4403.
 */
export interface ConnectionAuthenticator {
  authenticate(
    connectionParams: Record<string, unknown>,
    request: IncomingMessage,
  ): Promise<{ viewer: Viewer; expiresAt?: Date } | null>;
}

export const CONNECTION_AUTHENTICATOR = Symbol('CONNECTION_AUTHENTICATOR');
