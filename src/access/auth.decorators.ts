import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Permission } from './permissions';
import { UnauthenticatedError } from '@/common/errors/domain-errors';
import type { Viewer } from './viewer';

export const PUBLIC_KEY = 'auth:public';
export const PERMISSION_KEY = 'auth:permission';
export const USER_ONLY_KEY = 'auth:user-only';

/** Open to anonymous callers (register, login, health). Must be said explicitly. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Requires this permission of the caller's role in the active organization. */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(PERMISSION_KEY, permission);

/**
 * Requires a signed-in person (a session), not an API key: for what only
 * makes sense for a person (`me`, sessions, logout, voice PIN). Any role.
 */
export const RequireUser = (): MethodDecorator & ClassDecorator => SetMetadata(USER_ONLY_KEY, true);

export function viewerFromContext(context: ExecutionContext): Viewer | undefined {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ viewer?: Viewer }>().viewer;
  }
  return context.switchToHttp().getRequest<{ viewer?: Viewer }>().viewer;
}

/** The authenticated caller, as the guard established it. */
export const CurrentViewer = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Viewer => {
    const viewer = viewerFromContext(context);
    if (!viewer) throw new UnauthenticatedError();
    return viewer;
  },
);
