import { GraphQLError, GraphQLNamedType, GraphQLScalarType, GraphQLSchema, Kind } from 'graphql';
import { GraphQLJSON as UnboundedJSON } from 'graphql-scalars';

/** Deeper JSON input is refused: nothing in the contract nests half as deep. */
export const JSON_MAX_DEPTH = 64;

/** How deep `value` nests (a scalar: 0), counted level by level without recursion. */
export function jsonDepth(value: unknown, stopAfter = Number.POSITIVE_INFINITY): number {
  const isContainer = (item: unknown): item is object => item !== null && typeof item === 'object';
  let depth = 0;
  let level: unknown[] = [value];
  for (;;) {
    const containers = level.filter(isContainer);
    if (containers.length === 0 || depth >= stopAfter + 1) return depth;
    depth++;
    level = containers.flatMap((container): unknown[] => Object.values(container));
  }
}

function bounded(value: unknown): unknown {
  if (jsonDepth(value, JSON_MAX_DEPTH) > JSON_MAX_DEPTH) {
    throw new GraphQLError(`JSON must not nest more than ${JSON_MAX_DEPTH} levels`);
  }
  return value;
}

/**
 * graphql-scalars' `JSON` (same name, description and serialization), with
 * its input bounded in depth: every JSON argument (automation conditions and
 * configs, geometry, criteria) is walked recursively by the code that checks
 * it, and 3,000 levels overflowed the stack there (INTERNAL; the schema fuzzer).
 */
export const GraphQLJSON = new GraphQLScalarType({
  ...UnboundedJSON.toConfig(),
  parseValue: (value) => bounded(UnboundedJSON.parseValue(value)),
  parseLiteral: (ast, variables) => bounded(UnboundedJSON.parseLiteral(ast, variables)),
});

/**
 * `2026-01-05T09:00:00Z` and the ISO 8601 forms around it: a date, optionally
 * a time (to the minute, second or fraction) and a zone (`Z`, `+01:00`, `+0100`).
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

const INVALID_DATE_TIME =
  'DateTime must be an ISO 8601 date-time between the years 0001 and 9999, such as 2026-01-05T09:00:00Z';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The date a client sent, or a GraphQLError (a BAD_USER_INPUT for the
 * variable): a real calendar date and time (no 30 February, no 24:00) in
 * years 0001-9999, which PostgreSQL, JavaScript and every client can hold.
 */
export function parseDateTime(value: unknown): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new GraphQLError(INVALID_DATE_TIME);
    return value;
  }
  if (typeof value !== 'string') throw new GraphQLError(INVALID_DATE_TIME);
  const match = ISO_DATE_TIME.exec(value);
  if (!match) throw new GraphQLError(INVALID_DATE_TIME);
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (
    year < 1 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new GraphQLError(INVALID_DATE_TIME);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new GraphQLError(INVALID_DATE_TIME);
  return date;
}

/**
 * The contract's `DateTime` (name and description as Nest's GraphQLISODateTime,
 * which took anything `new Date()` takes: `"now"`, numbers, year 275760,
 * Invalid Date, all reaching services and SQL). Serialized as before.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string | null>({
  name: 'DateTime',
  description:
    'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  parseValue: parseDateTime,
  serialize(value) {
    return value instanceof Date ? value.toISOString() : null;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError(INVALID_DATE_TIME, { nodes: ast });
    return parseDateTime(ast.value);
  },
});

/**
 * The contract's scalars (`DateTime`, `JSON`) belong in the schema even
 * before a field uses them, so clients can rely on them from the start.
 */
export function withContractScalars(schema: GraphQLSchema): GraphQLSchema {
  const missing: GraphQLNamedType[] = [DateTimeScalar, GraphQLJSON].filter(
    (scalar) => !schema.getType(scalar.name),
  );
  if (missing.length === 0) return schema;
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, types: [...config.types, ...missing] });
}
