import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, visit } from 'graphql';

export const NUL_REFUSED = 'Text must not contain the NUL character (\\u0000)';

/** Whether a string anywhere in `value` (keys included) holds a NUL, walked without recursion. */
export function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true;
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) {
        if (key.includes('\u0000')) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

function documentContainsNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}

/**
 * PostgreSQL's text and jsonb cannot hold NUL (`\u0000`; SQLSTATE 22021 and
 * 22P05), and no field means one: an operation with a NUL in any string, in
 * its variables or its literals, is refused as BAD_USER_INPUT before it runs,
 * instead of failing in whichever statement first meets it (the schema fuzzer
 * found `login` and `createTeam` failing there).
 */
export function textInputPlugin(): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ request, document }) {
          if (containsNul(request.variables) || documentContainsNul(document)) {
            throw new GraphQLError(NUL_REFUSED, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          return Promise.resolve();
        },
      });
    },
  };
}
