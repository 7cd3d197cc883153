import { buildSchema, graphql, GraphQLResolveInfo } from 'graphql';
import { selectedNodeFields } from './node-selection';

const schema = buildSchema(`
  type Person { name: String }
  type Item { id: ID title: String owner: Person team: Person }
  type Edge { node: Item cursor: String }
  type ItemConnection { nodes: [Item] edges: [Edge] totalCount: Int }
  type Query { items: ItemConnection }
`);

async function selected(query: string): Promise<string[]> {
  let fields: Set<string> = new Set();
  await graphql({
    schema,
    source: query,
    fieldResolver: (_source, _args, _context, info: GraphQLResolveInfo) => {
      if (info.fieldName === 'items') fields = selectedNodeFields(info);
      return null;
    },
  });
  return [...fields].sort();
}

describe('selectedNodeFields', () => {
  it('reads the fields selected under nodes', async () => {
    expect(await selected('{ items { totalCount nodes { id owner { name } } } }')).toEqual([
      'id',
      'owner',
    ]);
  });

  it('reads the fields selected under edges.node, through fragments', async () => {
    const query = `
      { items { edges { cursor node { ...F ... on Item { team { name } } } } } }
      fragment F on Item { title }`;
    expect(await selected(query)).toEqual(['team', 'title']);
  });

  it('sees nothing when only the count is asked for', async () => {
    expect(await selected('{ items { totalCount } }')).toEqual([]);
  });
});
