import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

/** One selected alias: how to make its entity and which raw key fills which property. */
interface AliasPlan {
  metadata: EntityMetadata;
  construct: boolean;
  columns: Array<{ key: string; property: string; column: ColumnMetadata; convert: boolean }>;
  /** The primary key in the raw row: rows repeating one are one entity, as in TypeORM. */
  primaryKeys: string[];
}

interface Plan {
  main: AliasPlan;
  joins: Array<{ property: string; plan: AliasPlan }>;
}

/** Values PostgreSQL's driver already returns as TypeORM would hand them over. */
const PASS_THROUGH = new Set<unknown>(['uuid', 'varchar', 'character varying', 'text', String]);

/** Column types whose hydration TypeORM does not change, so the mapper can skip the call. */
function passesThrough(column: ColumnMetadata): boolean {
  return !column.transformer && !column.isArray && PASS_THROUGH.has(column.type);
}

function plainEntity(metadata: EntityMetadata): boolean {
  return (
    typeof metadata.target === 'function' &&
    metadata.embeddeds.length === 0 &&
    metadata.relations.length === 0 &&
    metadata.lazyRelations.length === 0 &&
    metadata.eagerRelations.length === 0 &&
    !metadata.discriminatorColumn &&
    metadata.childEntityMetadatas.length === 0 &&
    metadata.afterLoadListeners.length === 0 &&
    metadata.tableType !== 'view'
  );
}

/** Alias plans by entity and alias name: they depend on nothing else, so each is made once. */
const aliasPlans = new WeakMap<EntityMetadata, Map<string, AliasPlan>>();

function aliasPlan(
  qb: SelectQueryBuilder<ObjectLiteral>,
  alias: string,
  metadata: EntityMetadata,
): AliasPlan {
  let byAlias = aliasPlans.get(metadata);
  if (!byAlias) aliasPlans.set(metadata, (byAlias = new Map<string, AliasPlan>()));
  let plan = byAlias.get(alias);
  if (!plan) byAlias.set(alias, (plan = makeAliasPlan(qb, alias, metadata)));
  return plan;
}

function makeAliasPlan(
  qb: SelectQueryBuilder<ObjectLiteral>,
  alias: string,
  metadata: EntityMetadata,
): AliasPlan {
  const driver = qb.connection.driver;
  return {
    metadata,
    construct: metadata.isAlwaysUsingConstructor,
    columns: metadata.columns
      .filter((column) => !column.isVirtual)
      .map((column) => ({
        key: DriverUtils.buildAlias(driver, undefined, alias, column.databaseName),
        property: column.propertyName,
        column,
        convert: !passesThrough(column),
      })),
    primaryKeys: metadata.primaryColumns.map((column) =>
      DriverUtils.buildAlias(driver, undefined, alias, column.databaseName),
    ),
  };
}

/**
 * Whether the mapper can make `alias`'s entities from what `selected` holds:
 * the whole alias, or some of its columns (`task.title`) including its
 * primary key, which tells rows apart and a LEFT JOIN's miss from a match.
 */
function mappable(selected: ReadonlySet<string>, alias: string, metadata: EntityMetadata): boolean {
  if (selected.has(alias)) return true;
  const has = (column: ColumnMetadata) => selected.has(`${alias}.${column.propertyPath}`);
  return metadata.primaryColumns.length > 0 && metadata.primaryColumns.every(has);
}

/**
 * A mapper for `qb`'s rows, or undefined when the query is not of the one
 * shape it handles: entities without relations, embeddeds, inheritance or
 * load listeners, plus entities joined with `leftJoinAndMapOne` (at most one
 * per row), each selected whole or by some of its columns with its primary
 * key (the columns not selected are left unset, as TypeORM leaves them).
 * That is what the connection pages select, and for them TypeORM's general
 * transformer (grouping rows by primary key, walking relation metadata per
 * row) was the largest share of a page's CPU. Values still go through the
 * driver's own hydration.
 */
function compile(qb: SelectQueryBuilder<ObjectLiteral>): Plan | undefined {
  const map = qb.expressionMap;
  const main = map.mainAlias;
  if (!main?.hasMetadata || !plainEntity(main.metadata)) return undefined;
  if (map.relationIdAttributes.length > 0) return undefined;
  if (map.options.includes('create-pojo') || qb.connection.options.typename) return undefined;
  if (qb.connection.subscribers.length > 0) return undefined;
  const selected = new Set(map.selects.map((select) => select.selection));
  if (!mappable(selected, main.name, main.metadata)) return undefined;
  const joins: Plan['joins'] = [];
  for (const join of map.joinAttributes) {
    if (!join.isSelected) continue;
    const metadata = join.metadata;
    if (
      join.relation ||
      !metadata ||
      !plainEntity(metadata) ||
      join.isMappingMany !== false ||
      join.mapToPropertyParentAlias !== main.name ||
      !mappable(selected, join.alias.name, metadata)
    ) {
      return undefined;
    }
    joins.push({
      property: join.mapToPropertyPropertyName!,
      plan: aliasPlan(qb, join.alias.name, metadata),
    });
  }
  return { main: aliasPlan(qb, main.name, main.metadata), joins };
}

/** The entity for one alias of one row, or undefined when every column is NULL (a LEFT JOIN's miss). */
function entityOf(
  plan: AliasPlan,
  row: Record<string, unknown>,
  hydrate: (value: unknown, column: ColumnMetadata) => unknown,
): ObjectLiteral | undefined {
  const target = plan.metadata.target as new () => ObjectLiteral;
  const entity = plan.construct
    ? new target()
    : (Object.create(target.prototype as object) as ObjectLiteral);
  let hasData = false;
  for (const { key, property, column, convert } of plan.columns) {
    const value = row[key];
    if (value === undefined) continue;
    if (value !== null) hasData = true;
    entity[property] = convert ? hydrate(value, column) : value;
  }
  return hasData ? entity : undefined;
}

/**
 * Runs `qb` and returns its raw rows with one entity per row, as
 * `getRawAndEntities` would for the shapes `compile` accepts (a test keeps
 * the two equal); any other query goes through TypeORM's own transformer.
 */
export async function rawAndEntities<T extends ObjectLiteral, R = Record<string, unknown>>(
  qb: SelectQueryBuilder<T>,
): Promise<{ entities: T[]; raw: R[] }> {
  const plan = compile(qb);
  if (!plan) return qb.getRawAndEntities<R>();
  const raw = await qb.getRawMany<Record<string, unknown>>();
  const driver = qb.connection.driver;
  const hydrate = (value: unknown, column: ColumnMetadata): unknown =>
    driver.prepareHydratedValue(value, column);
  const seen = new Set<string>();
  const entities: T[] = [];
  for (const row of raw) {
    const id = plan.main.primaryKeys.map((key) => String(row[key])).join('_');
    if (seen.has(id)) continue;
    seen.add(id);
    const entity = entityOf(plan.main, row, hydrate);
    if (!entity) continue;
    for (const join of plan.joins) {
      // A LEFT JOIN's miss is null, as TypeORM sets it.
      entity[join.property] = entityOf(join.plan, row, hydrate) ?? null;
    }
    entities.push(entity as T);
  }
  return { entities, raw: raw as R[] };
}
