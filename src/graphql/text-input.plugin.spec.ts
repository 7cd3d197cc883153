import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { createErrorFormatter } from './errors/format-error';
import {
  containsUnstorableText,
  UNSTORABLE_TEXT_REFUSED,
  textInputPlugin,
} from './text-input.plugin';

describe('text input plugin (NUL characters)', () => {
  it('finds a NUL in any string or key, however deep', () => {
    expect(containsUnstorableText({ a: ['x', { b: 'fine' }] })).toBe(false);
    expect(containsUnstorableText(undefined)).toBe(false);
    expect(containsUnstorableText({ a: ['x', { b: 'a\u0000b' }] })).toBe(true);
    expect(containsUnstorableText({ ['k\u0000']: 1 })).toBe(true);
    expect(containsUnstorableText('\ud800')).toBe(true);
    expect(containsUnstorableText('a\udc00')).toBe(true);
    expect(containsUnstorableText('🦄 emoji pairs are fine')).toBe(false);
    const deep = JSON.parse(`${'{"a":'.repeat(10_000)}"\\u0000"${'}'.repeat(10_000)}`) as unknown;
    expect(containsUnstorableText(deep)).toBe(true);
  });

  // Found by the schema fuzzer: login(email: "\u0000") and createTeam(name: "\u0000")
  // reached PostgreSQL, which refuses NUL in text (22021), and answered INTERNAL.
  it('refuses an operation with a NUL in its variables or literals before it runs', async () => {
    const seen: string[] = [];
    const server = new ApolloServer({
      schema: buildSchema('type Query { echo(text: String): String }'),
      rootValue: {
        echo: ({ text }: { text: string }) => {
          seen.push(text);
          return text;
        },
      },
      plugins: [textInputPlugin()],
      formatError: createErrorFormatter(true),
    });
    await server.start();
    try {
      const fine = await server.executeOperation({
        query: 'query ($t: String) { echo(text: $t) }',
        variables: { t: 'hello' },
      });
      expect(fine.body.kind === 'single' && fine.body.singleResult.data).toEqual({
        echo: 'hello',
      });
      for (const request of [
        { query: 'query ($t: String) { echo(text: $t) }', variables: { t: 'a\u0000b' } },
        { query: '{ echo(text: "a\\u0000b") }' },
        { query: 'query ($t: String) { echo(text: $t) }', variables: { t: 'x\ud800' } },
      ]) {
        const refused = await server.executeOperation(request);
        expect(refused.http.status).toBe(400);
        expect(refused.body.kind === 'single' && refused.body.singleResult.errors).toEqual([
          { message: UNSTORABLE_TEXT_REFUSED, extensions: { code: 'BAD_USER_INPUT' } },
        ]);
      }
      expect(seen).toEqual(['hello']);
    } finally {
      await server.stop();
    }
  });
});
