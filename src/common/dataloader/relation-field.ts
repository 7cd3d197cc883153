import type { FieldMiddleware } from '@nestjs/graphql';
import type { Viewer } from '../auth/viewer';
import { UnauthenticatedError } from '../errors/domain-errors';
import type { DataLoaderRegistry } from './dataloader-registry';

/**
 * Field middleware for a to-one relation declared as a plain `@Field` on an
 * object type: the value a query joined in already (`task.assignee`) is used
 * as it is; otherwise the id is loaded through the named relation source of
 * the request's DataLoaders. No resolver method runs, which matters on list
 * pages, where such a field is resolved once per row.
 */
export function loadRelation<S>(
  source: string,
  idOf: (parent: S) => string | null | undefined,
): FieldMiddleware<S, { loaders: DataLoaderRegistry; viewer?: Viewer }> {
  return async ({ source: parent, context }, next) => {
    const joined: unknown = await next();
    if (joined !== undefined) return joined;
    const id = idOf(parent);
    if (!id) return null;
    if (!context.viewer) throw new UnauthenticatedError();
    return context.loaders.relation(source, context.viewer.organizationId).load(id);
  };
}
