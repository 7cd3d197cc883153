import { buildSchema, graphql, GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import type { EntityMetadata } from 'typeorm';
import { FieldSelection } from './node-selection';

const schema = buildSchema(`
  type Person { id: ID name: String hasPin: Boolean }
  type Item { id: ID title: String owner: Person team: Person subitems: [Item] label: String }
  type Edge { node: Item cursor: String }
  type ItemConnection { nodes: [Item] edges: [Edge] totalCount: Int }
  type Query { items: ItemConnection }
`);
const item = schema.getType('Item') as GraphQLObjectType;
// What @Relation and @ReadsFromParent leave on the schema's fields.
item.getFields().owner.extensions = { relation: { source: 'person.byId', key: 'ownerId' } };
item.getFields().team.extensions = { relation: { source: 'person.byId', key: 'teamId' } };
item.getFields().subitems.extensions = { readsFromParent: [] };
(schema.getType('Person') as GraphQLObjectType).getFields().hasPin.extensions = {
  readsFromParent: ['pinSet'],
};

/** The part of TypeORM's metadata `properties` reads. */
function metadata(name: string, columns: string[]): EntityMetadata {
  const list = columns.map((propertyPath) => ({ propertyPath }));
  return { name, columns: list, primaryColumns: [list[0]] } as unknown as EntityMetadata;
}
const ITEM = metadata('Item', ['id', 'title', 'ownerId', 'teamId', 'createdAt']);
const PERSON = metadata('Person', ['id', 'name', 'pinSet', 'createdAt']);

async function selectionOf(query: string): Promise<FieldSelection | undefined> {
  let selection: FieldSelection | undefined;
  await graphql({
    schema,
    source: query,
    fieldResolver: (_source, _args, _context, info: GraphQLResolveInfo) => {
      if (info.fieldName === 'items') selection = FieldSelection.ofNodes(info);
      return null;
    },
  });
  return selection;
}

describe('FieldSelection', () => {
  it('reads the fields selected under nodes, and a to-one field’s own fields', async () => {
    const selection = await selectionOf('{ items { totalCount nodes { id owner { name } } } }');
    expect(selection?.type.name).toBe('Item');
    expect(selection?.properties(ITEM)?.sort()).toEqual(['id', 'ownerId']);
    expect(selection?.child('owner')?.properties(PERSON)).toEqual(['id', 'name']);
    expect(selection?.child('team')).toBeUndefined();
  });

  it('reads the fields selected under edges.node, through fragments', async () => {
    const query = `
      { items { edges { cursor node { ...F ... on Item { team { ...P } } } } } }
      fragment F on Item { title }
      fragment P on Person { hasPin }`;
    const selection = await selectionOf(query);
    expect(selection?.properties(ITEM)?.sort()).toEqual(['id', 'teamId', 'title']);
    expect(selection?.child('team')?.properties(PERSON)).toEqual(['id', 'pinSet']);
  });

  it('sees nothing when only the count is asked for: the primary key alone', async () => {
    const selection = await selectionOf('{ items { totalCount } }');
    expect(selection?.properties(ITEM)).toEqual(['id']);
  });

  it('selects the key of a relation and what a resolved field declares', async () => {
    const selection = await selectionOf(
      '{ items { nodes { __typename title owner { id } subitems { id } } } }',
    );
    expect(selection?.properties(ITEM)?.sort()).toEqual(['id', 'ownerId', 'title']);
  });

  it('reads every column when a field says nothing of what it reads', async () => {
    const selection = await selectionOf('{ items { nodes { title label } } }');
    expect(selection?.properties(ITEM)).toBeUndefined();
  });

  it('refuses a declaration naming a property that is not a column', async () => {
    const selection = await selectionOf('{ items { nodes { owner { id } } } }');
    expect(() => selection?.properties(metadata('Item', ['id', 'title']))).toThrow(
      'Item: no column ownerId on Item',
    );
  });
});
