import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import { accessToken } from './auth';
import { GRAPHQL_URL, GRAPHQL_WS_URL } from './config';

export type SocketState = 'connecting' | 'connected' | 'reconnecting';

export interface Switchboard {
  client: Client;
  dispose(): void;
}

/**
 * One urql client for a signed-in session: queries and mutations over HTTP,
 * subscriptions over one graphql-ws socket. Every request and every
 * (re)connection asks `accessToken()` first, so the token is refreshed before
 * it expires; the server closes a socket whose token expired (4403) and the
 * socket then reconnects with the fresh one, as after any drop.
 * `onSocket` hears each state, and `connected` again after a reconnection,
 * when the boards reload what they may have missed.
 */
export function createSwitchboard(onSocket: (state: SocketState) => void): Switchboard {
  let everConnected = false;
  const socket = createWsClient({
    url: GRAPHQL_WS_URL,
    lazy: true,
    lazyCloseTimeout: 3_000,
    connectionParams: async () => ({ authorization: `Bearer ${await accessToken()}` }),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (retries) =>
      new Promise((resolve) =>
        setTimeout(resolve, Math.min(1_000 * 2 ** retries, 10_000) * (0.5 + Math.random() / 2)),
      ),
    on: {
      connecting: () => onSocket(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        everConnected = true;
        onSocket('connected');
      },
      closed: () => onSocket(everConnected ? 'reconnecting' : 'connecting'),
    },
  });

  const client = new Client({
    url: GRAPHQL_URL,
    requestPolicy: 'network-only',
    // POST only: Switchboard's CSRF protection refuses simple GET requests.
    preferGetMethod: false,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      const token = await accessToken();
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: socket.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });

  return { client, dispose: () => void socket.dispose() };
}
