import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Alias } from 'typeorm/query-builder/Alias';

/**
 * SQL text by query shape. TypeORM builds a query's text anew on every run
 * (escaping each selected column, rewriting `alias.property` paths over the
 * whole text with regular expressions); for a connection page that was the
 * largest share of the page's own CPU. The text depends only on the query's
 * shape — aliases, selections, joins, conditions, ordering, limits — never
 * on parameter values (`:name` stays in it; TypeORM expands parameters,
 * arrays included, after `getQuery`), so one text serves every query of the
 * same shape.
 */
const texts = new Map<string, string>();
/** Shapes are few (a list's filters and orderings); the bound only guards against a leak. */
const MAX_SHAPES = 2000;
/** Outside production every reuse is checked against a fresh build (see reuseQueryText). */
const VERIFY = process.env.NODE_ENV !== 'production';

const aliasKey = (alias: Alias | undefined): string =>
  alias
    ? `${alias.name}@${alias.hasMetadata ? alias.metadata.tablePath : (alias.tablePath ?? '?')}`
    : '-';

/**
 * The shape of `qb`, or undefined when it uses a feature the key does not
 * cover (sub-queries, CTEs, relation ids or counts, locks by version...):
 * such a query is built by TypeORM every time.
 */
function shapeOf(qb: SelectQueryBuilder<ObjectLiteral>): string | undefined {
  const map = qb.expressionMap;
  if (
    map.queryType !== 'select' ||
    map.subQuery ||
    map.commonTableExpressions.length > 0 ||
    map.relationIdAttributes.length > 0 ||
    map.lockVersion !== undefined ||
    map.selects.some((select) => typeof select.selection !== 'string')
  ) {
    return undefined;
  }
  const joins = map.joinAttributes.map((join) =>
    [
      join.direction,
      aliasKey(join.alias),
      typeof join.entityOrProperty === 'string'
        ? join.entityOrProperty
        : (join.metadata?.tablePath ?? '?'),
      join.condition ?? '',
      join.mapToProperty ?? '',
      String(join.isMappingMany),
    ].join('\u0001'),
  );
  return JSON.stringify([
    aliasKey(map.mainAlias),
    map.aliases.map(aliasKey),
    map.selects.map((select) => [select.selection, select.aliasName ?? null, !!select.virtual]),
    map.selectDistinct,
    map.selectDistinctOn,
    joins,
    map.wheres,
    map.havings,
    map.groupBys,
    map.orderBys,
    map.limit ?? null,
    map.offset ?? null,
    map.skip ?? null,
    map.take ?? null,
    map.lockMode ?? null,
    map.lockTables ?? null,
    map.onLocked ?? null,
    map.withDeleted,
    map.comment ?? null,
    map.useIndex ?? null,
    map.extraAppendedAndWhereCondition,
    map.aliasNamePrefixingEnabled,
    map.disableEscaping,
    map.options,
  ]);
}

/**
 * Makes `qb` use the SQL text cached for its shape (building it once). Where
 * the code is not running in production the text is built every time as
 * well and compared, so the test suites prove the shape key complete for
 * every query that goes through here.
 */
export function reuseQueryText<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
): SelectQueryBuilder<T> {
  const shape = shapeOf(qb);
  if (shape === undefined) return qb;
  let text = texts.get(shape);
  if (text === undefined) {
    text = qb.getQuery();
    if (texts.size >= MAX_SHAPES) texts.clear();
    texts.set(shape, text);
  } else if (VERIFY) {
    const fresh = qb.getQuery();
    if (fresh !== text) {
      throw new Error(`query text cache: one shape, two texts:\n${text}\n${fresh}`);
    }
  }
  const cached = text;
  qb.getQuery = () => cached;
  return qb;
}
