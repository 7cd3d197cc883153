import { Extensions } from '@nestjs/graphql';
import { GraphQLFieldResolver, GraphQLSchema, isObjectType } from 'graphql';
import type { Viewer } from '@/access/viewer';
import { UnauthenticatedError } from '@/common/errors/domain-errors';
import type { DataLoaderRegistry } from './dataloader-registry';

interface RelationExtension {
  /** The relation source's name (`user.byId`), defined by the module owning the rows. */
  source: string;
  /** The parent's property holding the related row's id (`assigneeId`). */
  key: string;
}

const EXTENSION = 'relation';
const READS = 'readsFromParent';

/** The `@Relation` of a schema field, if it has one. */
export function relationOf(field: { extensions: Readonly<Record<string, unknown>> }) {
  return field.extensions[EXTENSION] as RelationExtension | undefined;
}

/**
 * Declares which of its parent entity's properties a field resolved by a
 * method (`@ResolveField`) or renamed in the schema reads, besides the
 * primary key: `@ReadsFromParent('parentId')`, or none for a field that
 * needs only the id. A list that selects only the columns its query shows
 * (see `FieldSelection.properties`) reads this; a resolved field without it
 * makes such a list select every column.
 */
export function ReadsFromParent(...properties: string[]): MethodDecorator & PropertyDecorator {
  return Extensions({ [READS]: properties });
}

/** The properties a field declared with `@ReadsFromParent`, if it did. */
export function readsFromParentOf(field: {
  extensions: Readonly<Record<string, unknown>>;
}): readonly string[] | undefined {
  return field.extensions[READS] as string[] | undefined;
}

/**
 * Marks a to-one relation declared as a plain `@Field` on an object type:
 * `@Relation('user.byId', 'assigneeId')`. `withRelationResolvers` gives such
 * fields their resolver when the schema is built — see there.
 */
export function Relation(source: string, key: string): PropertyDecorator {
  return Extensions({ [EXTENSION]: { source, key } satisfies RelationExtension });
}

function relationResolver({
  source,
  key,
}: RelationExtension): GraphQLFieldResolver<
  Record<string, unknown>,
  { loaders: DataLoaderRegistry; viewer?: Viewer }
> {
  return (parent, _args, context, info) => {
    const joined = parent[info.fieldName];
    if (joined !== undefined) return joined;
    const id = parent[key];
    if (typeof id !== 'string') return null;
    if (!context.viewer) throw new UnauthenticatedError();
    return context.loaders.relation(source, context.viewer.organizationId).load(id);
  };
}

/**
 * Resolvers for the fields marked with `@Relation`: the value a query joined
 * in already (`task.assignee`) is returned as it is, synchronously; otherwise
 * the id goes through the request's DataLoader of the named relation source.
 * No resolver method, middleware or promise per row: on a list page such a
 * field is resolved once per row.
 */
export function withRelationResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const relation = relationOf(field);
      if (relation) field.resolve = relationResolver(relation);
    }
  }
  return schema;
}
