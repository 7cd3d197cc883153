import { GraphQLISODateTime } from '@nestjs/graphql';
import { GraphQLNamedType, GraphQLSchema } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';

export { GraphQLJSON };

/**
 * The contract's scalars (`DateTime`, `JSON`) belong in the schema even
 * before a field uses them, so clients can rely on them from the start.
 */
export function withContractScalars(schema: GraphQLSchema): GraphQLSchema {
  const missing: GraphQLNamedType[] = [GraphQLISODateTime, GraphQLJSON].filter(
    (scalar) => !schema.getType(scalar.name),
  );
  if (missing.length === 0) return schema;
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, types: [...config.types, ...missing] });
}
