import type {
  GraphQLRequestContextResponseForOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { compiledExecutionPlugin } from './compiled-execution.plugin';

const schema = buildSchema(`
  type Task { id: ID! title: String! }
  type Query { tasks(first: Int!): [Task!]! broken: Task! }
  type Mutation { touch: Boolean }
`);
let calls = 0;
const tasks = (_root: unknown, { first }: { first: number }) => {
  calls += 1;
  return Array.from({ length: first }, (_, i) => ({ id: String(i), title: `Task ${i}` }));
};
Object.assign(schema.getQueryType()!.getFields().tasks, { resolve: tasks });
Object.assign(schema.getQueryType()!.getFields().broken, {
  resolve: () => {
    throw new Error('no');
  },
});

async function answer(source: string, variables: Record<string, unknown> = {}) {
  const listener = (await compiledExecutionPlugin().requestDidStart!(
    {} as never,
  )) as GraphQLRequestListener<Record<string, unknown>>;
  const document = parse(source);
  return listener.responseForOperation!({
    schema,
    document,
    operation: getOperationAST(document),
    contextValue: {},
    request: { query: source, variables },
  } as unknown as GraphQLRequestContextResponseForOperation<Record<string, unknown>>);
}

describe('compiledExecutionPlugin', () => {
  beforeEach(() => (calls = 0));

  it("answers a query with the compiled function's data, running the schema's resolvers", async () => {
    const response = await answer('query ($n: Int!) { tasks(first: $n) { id title } }', { n: 2 });
    expect(response?.body).toEqual({
      kind: 'single',
      singleResult: {
        data: {
          tasks: [
            { id: '0', title: 'Task 0' },
            { id: '1', title: 'Task 1' },
          ],
        },
      },
    });
    expect(calls).toBe(1);
  });

  it('hands a query with any error back to Apollo (null), so graphql-js answers and formats it', async () => {
    expect(await answer('{ broken { id } }')).toBeNull();
    expect(await answer('query ($n: Int!) { tasks(first: $n) { id } }', { n: 'x' })).toBeNull();
    expect(calls).toBe(0);
  });

  it('never runs a mutation', async () => {
    expect(await answer('mutation { touch }')).toBeNull();
  });
});
