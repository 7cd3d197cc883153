import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, visit } from 'graphql';

export const UNSTORABLE_TEXT_REFUSED =
  'Text must be well-formed Unicode without the NUL character (\\u0000) or unpaired surrogates';

/** NUL, or a UTF-16 surrogate without its other half (`"\\ud800"` in JSON). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string anywhere in `value` (keys included) holds a NUL or an unpaired surrogate, walked without recursion. */
export function containsUnstorableText(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) return true;
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) {
        if (UNSTORABLE.test(key)) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

/**
 * Answers per document: Apollo hands every request of one query string the
 * same parsed DocumentNode (its document cache), and a document never changes.
 */
const documentAnswers = new WeakMap<DocumentNode, boolean>();

function documentContainsNul(document: DocumentNode): boolean {
  let found = documentAnswers.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      StringValue(node) {
        if (UNSTORABLE.test(node.value)) found = true;
      },
    });
    documentAnswers.set(document, found);
  }
  return found;
}

/**
 * PostgreSQL's text and jsonb cannot hold NUL (`\u0000`; SQLSTATE 22021 and
 * 22P05), jsonb refuses an unpaired surrogate (`"\ud800"`, as JSON.stringify
 * writes one: 22P05), and no field means either: an operation with one in any
 * string, in its variables or its literals, is refused as BAD_USER_INPUT
 * before it runs, instead of failing in whichever statement first meets it
 * (the schema fuzzer found `login` and `createTeam`, whose audit entry is jsonb).
 */
export function textInputPlugin(): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ request, document }) {
          if (containsUnstorableText(request.variables) || documentContainsNul(document)) {
            throw new GraphQLError(UNSTORABLE_TEXT_REFUSED, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          return Promise.resolve();
        },
      });
    },
  };
}
