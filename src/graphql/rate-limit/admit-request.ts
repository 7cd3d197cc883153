import type { Request } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Viewer } from '@/access/viewer';
import { RateLimitedError } from '@/common/errors/domain-errors';
import type { ConnectionAuthenticator } from '../connection-authenticator';
import { ApiRateLimiter, rateLimitedGraphQLError, rateLimitSubject } from './api-rate-limiter';

/**
 * The client address as Express computes `req.ip` under its `trust proxy`
 * setting (TRUST_PROXY): walking X-Forwarded-For from the nearest hop while
 * the hop is trusted. For the WebSocket upgrade request, which Express never
 * sees; `trust` is Express's compiled `trust proxy fn`.
 */
export function clientIp(
  request: IncomingMessage,
  trust: ((address: string, hop: number) => boolean) | undefined,
): string {
  const remote = request.socket?.remoteAddress ?? 'unknown';
  if (!trust) return remote;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .reverse();
  const hops = [remote, ...forwarded];
  for (let hop = 0; hop < hops.length - 1; hop++) {
    if (!trust(hops[hop], hop)) return hops[hop];
  }
  return hops[hops.length - 1];
}

/** The viewer of valid credentials, or undefined (no, bad or unverifiable credentials). */
export async function viewerOf(
  authenticator: ConnectionAuthenticator | undefined,
  authorization: unknown,
  request: IncomingMessage,
): Promise<Viewer | undefined> {
  if (!authenticator || typeof authorization !== 'string' || authorization === '') return undefined;
  const result = await authenticator.authenticate({ authorization }, request).catch(() => null);
  return result?.viewer;
}

/**
 * Spends one point of an HTTP GraphQL request's budget: its viewer's when its
 * credentials are valid, otherwise its client IP's, and resolves with that
 * viewer. The caller puts it in the request's context, where the access guard
 * takes it instead of authenticating the request a second time (the same
 * checks: signature, live session, current role; bad credentials leave it
 * undefined and the guard refuses them). Over the budget it throws the
 * GraphQL error Apollo answers with status 429 and `Retry-After`.
 */
export async function admitHttpRequest(
  limiter: ApiRateLimiter,
  authenticator: ConnectionAuthenticator | undefined,
  req: Request,
): Promise<Viewer | undefined> {
  const viewer = await viewerOf(authenticator, req.headers.authorization, req);
  try {
    await limiter.consume(rateLimitSubject(viewer, req.ip ?? req.socket?.remoteAddress ?? ''));
  } catch (error) {
    if (error instanceof RateLimitedError) throw rateLimitedGraphQLError(error, { http: true });
    throw error;
  }
  return viewer;
}
