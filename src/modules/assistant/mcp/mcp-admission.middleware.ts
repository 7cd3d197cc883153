import { Inject, Injectable, NestMiddleware, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NextFunction, Request, Response } from 'express';
import type { Viewer } from '@/access/viewer';
import { RateLimitedError } from '@/common/errors/domain-errors';
import { appConfig } from '@/config/configuration';
import {
  CONNECTION_AUTHENTICATOR,
  ConnectionAuthenticator,
} from '@/graphql/connection-authenticator';
import { viewerOf } from '@/graphql/rate-limit/admit-request';
import { ApiRateLimiter, rateLimitSubject } from '@/graphql/rate-limit/api-rate-limiter';
import { sendJsonRpcError } from './mcp-http-errors';

/** Whether a request's Origin may reach /mcp: absent (not a browser), or a configured CORS origin. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  return allowed.includes(origin.replace(/\/$/, ''));
}

/**
 * Runs before the access guard on every /mcp request:
 * - A browser request from an origin that is not one of CORS_ORIGINS is
 *   refused 403 whatever its credentials (DNS-rebinding protection, which the
 *   MCP Streamable HTTP transport requires of servers).
 * - Like a GraphQL request, it spends one point of the caller's rate budget
 *   (its viewer's with valid credentials, else its IP's), and hands the viewer
 *   it established to the access guard, which then does not authenticate it a
 *   second time (bad credentials leave none, and the guard refuses them).
 */
@Injectable()
export class McpAdmissionMiddleware implements NestMiddleware {
  constructor(
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    private readonly limiter: ApiRateLimiter,
    @Optional()
    @Inject(CONNECTION_AUTHENTICATOR)
    private readonly authenticator: ConnectionAuthenticator | undefined,
  ) {}

  async use(request: Request & { viewer?: Viewer }, response: Response, next: NextFunction) {
    if (!originAllowed(request.headers.origin, this.app.corsOrigins)) {
      return sendJsonRpcError(response, 403, 'Origin not allowed');
    }
    try {
      const viewer = await viewerOf(this.authenticator, request.headers.authorization, request);
      await this.limiter.consume(rateLimitSubject(viewer, request.ip ?? ''));
      if (viewer) request.viewer = viewer;
    } catch (error) {
      if (error instanceof RateLimitedError) {
        return sendJsonRpcError(response, 429, error.message, {
          headers: { 'Retry-After': String(error.retryAfterSeconds) },
        });
      }
      return next(error);
    }
    next();
  }
}
