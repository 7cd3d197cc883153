import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/**
 * The fields a query selects on the nodes of the connection it is resolving
 * (`nodes { … }` and `edges { node { … } }`, through fragments), so a list
 * can join to-one relations its page will show instead of loading them
 * afterwards. Directives (`@include`/`@skip`) are ignored: a field that might
 * be selected counts as selected, which costs a join at worst.
 */
export function selectedNodeFields(info: GraphQLResolveInfo): Set<string> {
  const fields = new Set<string>();
  const children = (
    selectionSet: SelectionSetNode | undefined,
    visit: (field: FieldNode) => void,
  ) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) visit(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) children(selection.selectionSet, visit);
      else children(info.fragments[selection.name.value]?.selectionSet, visit);
    }
  };
  const collectNodeFields = (node: FieldNode) =>
    children(node.selectionSet, (field) => fields.add(field.name.value));
  for (const connection of info.fieldNodes) {
    children(connection.selectionSet, (field) => {
      if (field.name.value === 'nodes') collectNodeFields(field);
      if (field.name.value === 'edges') {
        children(field.selectionSet, (edgeField) => {
          if (edgeField.name.value === 'node') collectNodeFields(edgeField);
        });
      }
    });
  }
  return fields;
}
