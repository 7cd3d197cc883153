import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import {
  PERMISSION_KEY,
  PUBLIC_KEY,
  USER_ONLY_KEY,
  viewerFromContext,
} from '@/access/auth.decorators';
import { Viewer } from '@/access/viewer';
import { ForbiddenError, UnauthenticatedError } from '@/common/errors/domain-errors';
import { can, Permission } from '@/access/permissions';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys.service';
import { bearerToken } from './authentication.service';
import { JwtStrategy } from './jwt.strategy';

type RequestWithViewer = Pick<Request, 'headers'> & { viewer?: Viewer; user?: unknown };

/**
 * The one access check, applied to every resolver and controller. A handler
 * is open only when marked @Public(); otherwise it must declare
 * @RequirePermission(...) or @RequireUser(), and a handler that declares
 * neither is refused (fail closed). Access tokens go through this
 * application's passport-jwt strategy; API keys (`sbk_…`) through
 * ApiKeysService. Over graphql-ws the viewer is the one the socket server
 * checked again (session, membership, current role) for this very operation.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly jwtStrategy: JwtStrategy,
  ) {}

  private getRequest(context: ExecutionContext): RequestWithViewer {
    if (context.getType<string>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<{ req: RequestWithViewer }>().req;
    }
    return context.switchToHttp().getRequest<RequestWithViewer>();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(
      PERMISSION_KEY,
      targets,
    );
    const userOnly = this.reflector.getAllAndOverride<boolean | undefined>(USER_ONLY_KEY, targets);
    if (!permission && !userOnly) {
      throw new Error(
        `${context.getClass().name}.${context.getHandler().name} declares no access rule`,
      );
    }

    const viewer = viewerFromContext(context) ?? (await this.authenticate(context));
    if (userOnly && viewer.kind !== 'user') {
      throw new ForbiddenError('This operation needs a signed-in user, not an API key');
    }
    if (permission && !can(viewer.role, permission)) {
      throw new ForbiddenError(`Your role (${viewer.role}) does not allow ${permission}`);
    }
    return true;
  }

  private async authenticate(context: ExecutionContext): Promise<Viewer> {
    const request = this.getRequest(context);
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthenticatedError();
    let viewer: Viewer | null;
    if (token.startsWith(API_KEY_PREFIX)) {
      viewer = await this.apiKeys.authenticate(token);
    } else {
      viewer = await this.verifyAccessToken(request);
    }
    if (!viewer) throw new UnauthenticatedError();
    request.viewer = viewer;
    if (context.getType<string>() === 'graphql') {
      GqlExecutionContext.create(context).getContext<{ viewer?: Viewer }>().viewer = viewer;
    }
    return viewer;
  }

  /**
   * Runs this application's passport-jwt strategy on the request, as
   * passport's middleware would, but without passport's process-wide strategy
   * registry (which would let one application use another's strategy). Any
   * failure — signature, algorithm, issuer, audience, expiry, dead session — is
   * UNAUTHENTICATED.
   */
  private verifyAccessToken(request: RequestWithViewer): Promise<Viewer> {
    return new Promise((resolve, reject) => {
      const unauthenticated = () =>
        reject(new UnauthenticatedError('Invalid or expired access token'));
      const attempt = Object.assign(Object.create(this.jwtStrategy) as JwtStrategy, {
        success: (user: Viewer) => resolve(user),
        fail: unauthenticated,
        pass: unauthenticated,
        redirect: unauthenticated,
        error: (error: unknown) =>
          reject(error instanceof Error ? error : new Error(String(error))),
      });
      attempt.authenticate(request as never, {});
    });
  }
}
