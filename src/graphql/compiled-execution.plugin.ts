import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** Compiled operations kept per document: a document holds few operations. */
type Compiled = CompiledQuery | null;

/**
 * Executes query operations with graphql-jit (the operation compiled once to
 * a JavaScript function, then run with the same schema resolvers, so Nest's
 * guards, pipes and DataLoaders run as they do under graphql-js), through
 * Apollo Server's documented `responseForOperation` hook: parsing,
 * validation (limits, cost), context creation (authentication, the rate
 * limit) and the other plugins' hooks stay Apollo's.
 *
 * Only a result without errors is answered from here. A query whose
 * compiled execution reports any error (a resolver's, a variable's, a
 * non-null field's) is handed back to Apollo, which executes it again with
 * graphql-js and formats its errors as always — so errors, their codes,
 * messages, paths and HTTP statuses are exactly Apollo's. Queries only read,
 * so the second execution changes nothing; mutations and subscriptions never
 * come here. A document graphql-jit cannot compile is remembered as such and
 * always goes to graphql-js.
 *
 * Compiled functions are cached by the parsed document, which Apollo keeps
 * per query string in its document store (so a repeated query string is the
 * same DocumentNode), and by operation name; they are dropped with the
 * document.
 */
export function compiledExecutionPlugin(): ApolloServerPlugin {
  const compiled = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Compiled>>>();

  const compiledFor = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
  ): Compiled => {
    let bySchema = compiled.get(schema);
    if (!bySchema) compiled.set(schema, (bySchema = new WeakMap()));
    let byName = bySchema.get(document);
    if (!byName) bySchema.set(document, (byName = new Map<string, Compiled>()));
    const key = operationName ?? '';
    let query = byName.get(key);
    if (query === undefined) {
      let result: CompiledQuery | ExecutionResult | null;
      try {
        result = compileQuery(schema, document, operationName, {
          // Error stacks are never sent (includeStacktraceInErrorResponses: false).
          disablingCapturingStackErrors: true,
        });
      } catch {
        result = null;
      }
      query = result && isCompiledQuery(result) ? result : null;
      byName.set(key, query);
    }
    return query;
  };

  const listener: GraphQLRequestListener<Record<string, unknown>> = {
    async responseForOperation(requestContext) {
      const { operation, document, schema, contextValue, request } = requestContext;
      if (operation?.operation !== OperationTypeNode.QUERY) return null;
      const query = compiledFor(schema, document, request.operationName ?? undefined);
      if (!query) return null;
      const result = await query.query(undefined, contextValue, request.variables ?? {});
      if (result.errors?.length || result.data === undefined) return null;
      return {
        http: { status: undefined, headers: new HeaderMap() },
        body: { kind: 'single', singleResult: { data: result.data } },
      };
    },
  };

  return {
    requestDidStart: () => Promise.resolve(listener),
  };
}
