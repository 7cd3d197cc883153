import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLObjectType,
  GraphQLResolveInfo,
  isObjectType,
  Kind,
  SelectionSetNode,
} from 'graphql';
import type { EntityMetadata } from 'typeorm';
import { readsFromParentOf, relationOf } from '../dataloader/relation-field';

type Fragments = GraphQLResolveInfo['fragments'];

/** Selections by the connection field's node in a (cached, reused) parsed document. */
const selections = new WeakMap<FieldNode, FieldSelection | undefined>();

/** Adds the fields of `selectionSet` (through fragments) to `into`, by name. */
function collect(
  selectionSet: SelectionSetNode | undefined,
  fragments: Fragments,
  into: Map<string, FieldNode[]>,
  seen: Set<FragmentDefinitionNode> = new Set(),
): Map<string, FieldNode[]> {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      const nodes = into.get(name);
      if (nodes) nodes.push(selection);
      else into.set(name, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, fragments, into, seen);
    } else {
      const fragment = fragments[selection.name.value];
      if (fragment && !seen.has(fragment)) {
        seen.add(fragment);
        collect(fragment.selectionSet, fragments, into, seen);
      }
    }
  }
  return into;
}

/**
 * What a query selects on one object type (the nodes of a connection, or a
 * to-one field of them), so a list can join the relations its page shows
 * and select only the columns it reads. Directives (`@include`/`@skip`) are
 * ignored: a field that might be selected counts as selected, which costs a
 * join or a column at worst.
 */
export class FieldSelection {
  /** `properties` by entity: a selection outlives its request (see `ofNodes`). */
  private readonly read = new Map<EntityMetadata, string[] | undefined>();
  private readonly children = new Map<string, FieldSelection | undefined>();

  private constructor(
    readonly type: GraphQLObjectType,
    private readonly fields: ReadonlyMap<string, FieldNode[]>,
    private readonly fragments: Fragments,
  ) {}

  /**
   * The fields selected on the nodes of the connection `info` resolves
   * (`nodes { … }` and `edges { node { … } }`), or undefined when its type
   * has no object nodes.
   */
  static ofNodes(info: GraphQLResolveInfo): FieldSelection | undefined {
    // A parsed document is cached and reused for every request of the same
    // query text, and with it this field's node: the selection is worked out
    // once per document, not per request.
    const key = info.fieldNodes[0];
    if (info.fieldNodes.length === 1 && selections.has(key)) return selections.get(key);
    const selection = FieldSelection.collectNodes(info);
    if (info.fieldNodes.length === 1) selections.set(key, selection);
    return selection;
  }

  private static collectNodes(info: GraphQLResolveInfo): FieldSelection | undefined {
    const connection = getNamedType(info.returnType);
    if (!isObjectType(connection)) return undefined;
    const nodeType = getNamedType(connection.getFields().nodes?.type);
    if (!isObjectType(nodeType)) return undefined;
    const fields = new Map<string, FieldNode[]>();
    for (const connectionNode of info.fieldNodes) {
      const parts = collect(connectionNode.selectionSet, info.fragments, new Map());
      for (const nodes of parts.get('nodes') ?? []) {
        collect(nodes.selectionSet, info.fragments, fields);
      }
      for (const edges of parts.get('edges') ?? []) {
        const edge = collect(edges.selectionSet, info.fragments, new Map());
        for (const node of edge.get('node') ?? []) {
          collect(node.selectionSet, info.fragments, fields);
        }
      }
    }
    return new FieldSelection(nodeType, fields, info.fragments);
  }

  /** What the query selects on the object of the to-one field `name`, if it selects the field. */
  child(name: string): FieldSelection | undefined {
    if (!this.children.has(name)) this.children.set(name, this.childOf(name));
    return this.children.get(name);
  }

  private childOf(name: string): FieldSelection | undefined {
    const nodes = this.fields.get(name);
    const type = getNamedType(this.type.getFields()[name]?.type);
    if (!nodes || !isObjectType(type)) return undefined;
    const fields = new Map<string, FieldNode[]>();
    for (const node of nodes) collect(node.selectionSet, this.fragments, fields);
    return new FieldSelection(type, fields, this.fragments);
  }

  /**
   * The properties of `metadata`'s entity that resolving the selected fields
   * reads: the primary key, each field that is a column of the same name,
   * the id property of each `@Relation`, and what `@ReadsFromParent`
   * declares. Undefined — read every column — as soon as a field is none of
   * these, since nothing says what its resolver reads.
   */
  properties(metadata: EntityMetadata): string[] | undefined {
    if (this.read.has(metadata)) return this.read.get(metadata);
    const read = this.readBy(metadata);
    this.read.set(metadata, read);
    return read;
  }

  private readBy(metadata: EntityMetadata): string[] | undefined {
    const columns = new Set(metadata.columns.map((column) => column.propertyPath));
    const read = new Set(metadata.primaryColumns.map((column) => column.propertyPath));
    const schemaFields = this.type.getFields();
    for (const name of this.fields.keys()) {
      if (name === '__typename') continue;
      const field = schemaFields[name];
      if (!field) return undefined;
      const declared = readsFromParentOf(field) ?? relationKeys(field);
      if (declared) {
        for (const property of declared) read.add(property);
      } else if (columns.has(name)) {
        read.add(name);
      } else {
        return undefined;
      }
    }
    for (const property of read) {
      if (!columns.has(property)) {
        throw new Error(`${this.type.name}: no column ${property} on ${metadata.name}`);
      }
    }
    return [...read];
  }
}

/**
 * TypeORM selections for `alias`: the listed properties (what
 * `FieldSelection.properties` answers), or the whole entity.
 */
export function aliasColumns(alias: string, properties: readonly string[] | undefined): string[] {
  return properties ? properties.map((property) => `${alias}.${property}`) : [alias];
}

function relationKeys(field: { extensions: Readonly<Record<string, unknown>> }) {
  const relation = relationOf(field);
  return relation ? [relation.key] : undefined;
}
