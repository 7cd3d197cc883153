import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLList,
  GraphQLObjectType,
  GraphQLOutputType,
  isAbstractType,
  isObjectType,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** Largest page a connection serves (`first`/`last` ≤ 100): a variable counts as this. */
export const MAX_PAGE = 100;

/**
 * Sizes assumed for lists that are not paginated, by field name (the cost
 * table in README.md). Any other list counts as DEFAULT_LIST_ESTIMATE.
 */
export const LIST_ESTIMATES: Readonly<Record<string, number>> = {
  subtasks: 20,
  comments: 20,
  events: 50,
  members: 20,
  memberships: 5,
  attendees: 10,
  statusTimeline: 10,
  segments: 50,
  criteria: 10,
  results: 10,
};
export const DEFAULT_LIST_ESTIMATE = 10;

/** More repeats of one response key in one selection set are refused. */
export const MAX_REPEATED_FIELDS = 20;

/** The page size a field asks for: its `first`/`last` literal, or MAX_PAGE for a variable. */
function pageSize(field: FieldNode): number | undefined {
  for (const argument of field.arguments ?? []) {
    if (argument.name.value !== 'first' && argument.name.value !== 'last') continue;
    if (argument.value.kind === Kind.INT) {
      return Math.min(Math.max(Number(argument.value.value), 0), MAX_PAGE);
    }
    return MAX_PAGE;
  }
  return undefined;
}

const isList = (type: GraphQLOutputType): boolean => getNullableType(type) instanceof GraphQLList;

/**
 * Estimated cost of an operation: every field costs 1, and what is under a
 * list costs once per item — `first`/`last` items under a connection, an
 * estimate (LIST_ESTIMATES) under an unpaginated list. So
 * `tasks(first: 100) { nodes { subtasks { id } } }` costs about
 * 1 + 100 × (1 + 1 + 20 × 1). Also refuses a selection set repeating one
 * response key more than MAX_REPEATED_FIELDS times (`{ __typename × 500 }`).
 * Both before execution, as GRAPHQL_VALIDATION_FAILED.
 */
export function queryCostRule(maxCost: number): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        fragments.set(definition.name.value, definition);
      }
    }
    const schema = context.getSchema();

    const costOf = (
      selectionSet: SelectionSetNode,
      parent: GraphQLObjectType | null,
      visiting: Set<string>,
    ): number => {
      let total = 0;
      const keys = new Map<string, number>();
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const repeats = (keys.get(key) ?? 0) + 1;
          keys.set(key, repeats);
          if (repeats === MAX_REPEATED_FIELDS + 1) {
            context.reportError(
              new GraphQLError(
                `"${key}" is selected more than ${MAX_REPEATED_FIELDS} times in one selection set`,
                { nodes: [selection] },
              ),
            );
          }
          total += 1;
          if (!selection.selectionSet) continue;
          const definition = parent?.getFields()[selection.name.value];
          const type = definition?.type;
          const named = type ? getNamedType(type) : null;
          const child = named && isObjectType(named) ? named : null;
          const inner = costOf(selection.selectionSet, child, visiting);
          const size =
            pageSize(selection) ??
            (type && isList(type)
              ? (LIST_ESTIMATES[selection.name.value] ?? DEFAULT_LIST_ESTIMATE)
              : 1);
          // A connection's own fields (nodes, edges) are lists of the page: the
          // page size multiplies them, so they count as one item each here.
          const connection = named && !isList(type!) && pageSize(selection) !== undefined;
          total += connection ? size * innerPerItem(selection.selectionSet, child) : size * inner;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition
            ? schema.getType(selection.typeCondition.name.value)
            : parent;
          total += costOf(
            selection.selectionSet,
            condition && isObjectType(condition)
              ? condition
              : isAbstractType(condition)
                ? null
                : parent,
            visiting,
          );
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || visiting.has(name)) continue;
          const condition = schema.getType(fragment.typeCondition.name.value);
          visiting.add(name);
          total += costOf(
            fragment.selectionSet,
            condition && isObjectType(condition) ? condition : null,
            visiting,
          );
          visiting.delete(name);
        }
      }
      return total;
    };

    /**
     * Under a connection (`first`/`last`), the per-item cost: `nodes { … }`
     * and `edges { node { … } }` are one item each (the page multiplies them),
     * `pageInfo` and `totalCount` are constant.
     */
    const innerPerItem = (selectionSet: SelectionSetNode, connection: GraphQLObjectType | null) => {
      let perItem = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind !== Kind.FIELD || !selection.selectionSet) {
          perItem += 1;
          continue;
        }
        const definition = connection?.getFields()[selection.name.value];
        const named = definition ? getNamedType(definition.type) : null;
        const child = named && isObjectType(named) ? named : null;
        perItem += 1 + costOf(selection.selectionSet, child, new Set());
      }
      return perItem;
    };

    return {
      OperationDefinition(operation) {
        const root = schema.getRootType(operation.operation);
        const cost = costOf(operation.selectionSet, root ?? null, new Set());
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(
              `The operation's estimated cost ${cost} is over the limit of ${maxCost}: ask for smaller pages or fewer nested lists`,
              { nodes: [operation], extensions: { cost, maxCost } },
            ),
          );
        }
      },
    };
  };
}
