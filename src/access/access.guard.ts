import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { ForbiddenError } from '@/common/errors/domain-errors';
import { PERMISSION_KEY, PUBLIC_KEY, USER_ONLY_KEY, viewerFromContext } from './auth.decorators';
import { can, Permission } from './permissions';
import { Viewer } from './viewer';

type RequestWithViewer = Pick<Request, 'headers'> & { viewer?: Viewer; user?: unknown };

/**
 * Turns a request's credentials into its viewer, or throws
 * UnauthenticatedError. The identity module provides it (access tokens
 * through its passport-jwt strategy, API keys `sbk_…` through its key
 * service); this layer knows only the contract.
 */
export interface RequestAuthenticator {
  authenticate(request: RequestWithViewer): Promise<Viewer>;
}

export const REQUEST_AUTHENTICATOR = Symbol('REQUEST_AUTHENTICATOR');

/**
 * The one access check, applied to every resolver and controller. A handler
 * is open only when marked @Public(); otherwise it must declare
 * @RequirePermission(...) or @RequireUser(), and a handler that declares
 * neither is refused (fail closed). Over graphql-ws the viewer is the one the
 * socket server checked again (session, membership, current role) for this
 * very operation.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(REQUEST_AUTHENTICATOR) private readonly authenticator: RequestAuthenticator,
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
    const viewer = await this.authenticator.authenticate(request);
    request.viewer = viewer;
    if (context.getType<string>() === 'graphql') {
      GqlExecutionContext.create(context).getContext<{ viewer?: Viewer }>().viewer = viewer;
    }
    return viewer;
  }
}
