import fc from 'fast-check';
import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';

/**
 * Operations generated from the schema itself, for the schema fuzzer
 * (test/e2e/fuzz.e2e-spec.ts): for a root field, one document selecting a
 * small valid selection set, and fast-check arbitraries for its variables,
 * built only from fast-check combinators so that a failure shrinks to a
 * minimal operation.
 */

export interface FuzzOperation {
  /** `Query.tasks`, `Mutation.createTask`. */
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

export interface ArbitraryOptions {
  /** Ids that exist (in the caller's organization or elsewhere), so resolvers get past "not found". */
  knownIds: readonly string[];
}

/** How many scalar fields and nested objects a selection takes at most. */
const MAX_LEAVES = 12;
const MAX_NESTED = 6;
/** Input objects deeper than this get null (then a validation error where required). */
const MAX_INPUT_DEPTH = 3;

export const HUGE_STRING_LENGTH = 200_000;

/** A huge list's encoded size at most (4 times the default body limit: the limit is still tested). */
const MAX_LIST_BYTES = 2_000_000;

/** How many copies of `value` a huge list takes, keeping it under MAX_LIST_BYTES. */
function affordable(value: unknown, length: number): number {
  const size = (JSON.stringify(value) ?? 'null').length + 1;
  return Math.max(1, Math.min(length, Math.floor(MAX_LIST_BYTES / size)));
}

/** Strings an attacker or a careless client sends. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'nul\u0000inside',
  "' OR '1'='1",
  "'; DROP TABLE task; --",
  '"); SELECT pg_sleep(5); --',
  '\\',
  '\\x00',
  '%00',
  '%s%s%s%n',
  '${7*7}{{7*7}}',
  '{"a":',
  '{"__proto__":{"admin":true}}',
  '[]',
  '{}',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999999',
  'true',
  '__proto__',
  'constructor',
  'prototype',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  '\r\n\r\nX-Injected: 1',
  '\uD800',
  '\uFFFF\uFFFE',
  '\u202Eevil',
  'ǅǈǋ Straße İstanbul',
  '🦄🏳️‍🌈👨‍👩‍👧‍👦',
  '零一二三四五六七八九',
  '+15555550100',
  '+0',
  'a@b',
  'owner@example.test',
  'FREQ=DAILY;COUNT=5',
  'FREQ=SECONDLY;INTERVAL=1',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30',
  'Europe/Paris',
  'Not/AZone',
  '00:00',
  '24:00',
  '99:99',
];

const UUID_LIKE: readonly string[] = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-00000000000g',
  '00000000000000000000000000000000',
  '{00000000-0000-0000-0000-000000000000}',
  '00000000-0000-0000-0000-0000000000000',
  '1',
  '0',
  '-1',
  '2147483648',
  'not-a-uuid',
  "1' OR '1'='1",
  '00000000-0000-0000-0000-000000000000\u0000',
];

const DATE_STRINGS: readonly string[] = [
  '1970-01-01T00:00:00.000Z',
  '0001-01-01T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '+294277-01-01T00:00:00.000Z',
  '-004714-11-23T00:00:00.000Z',
  '2026-02-30T00:00:00.000Z',
  '2026-13-45T25:61:61Z',
  '2026-01-01',
  '2026-01-01T00:00:00',
  '2026-01-01T00:00:00+14:00',
  'now',
  'today',
  'infinity',
  '-infinity',
  'epoch',
  '',
  '0',
];

const INTS: readonly number[] = [0, -1, 1, 2, 100, 101, 1000, 2 ** 31 - 1, -(2 ** 31)];
const OUT_OF_RANGE_NUMBERS: readonly number[] = [2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e21, 0.5];
const FLOATS: readonly number[] = [0, -0, 1e308, -1e308, 5e-324, 91, -181, 360.0001, 1e-7];

function stringArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(1_000, 10_001, HUGE_STRING_LENGTH)
        .chain((length) => fc.constantFrom('x', '\u0000', 'é', '💥').map((c) => c.repeat(length))),
    },
  );
}

function idArbitrary(options: ArbitraryOptions): fc.Arbitrary<string | number> {
  return fc.oneof(
    ...(options.knownIds.length
      ? [{ weight: 4, arbitrary: fc.constantFrom(...options.knownIds) }]
      : []),
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...UUID_LIKE) },
    { weight: 1, arbitrary: stringArbitrary() },
    { weight: 1, arbitrary: fc.integer() },
  );
}

function dateTimeArbitrary(): fc.Arbitrary<string | number> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2040-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString()),
    },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()) },
    { weight: 3, arbitrary: fc.constantFrom(...DATE_STRINGS) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 8.64e15, 2 ** 31) },
  );
}

/** A JSON object nested `depth` levels (`{"a":{"a":…}}`), as data, not as a JS recursion. */
export function deepObject(depth: number): unknown {
  return JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

/** A JSON array nested `depth` levels. */
export function deepArray(depth: number): unknown {
  return JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
}

function jsonArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(5, 100, 3000).map((depth) => deepObject(depth)) },
    { weight: 1, arbitrary: fc.constantFrom(5, 100, 3000).map((depth) => deepArray(depth)) },
    {
      weight: 1,
      arbitrary: fc.constant(
        JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
      ),
    },
  );
}

/** A value of the wrong kind entirely (GraphQL must refuse it as BAD_USER_INPUT). */
function wrongKindArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(
      null,
      true,
      'NaN',
      'Infinity',
      -0,
      {},
      [],
      [null],
      JSON.parse('{"__proto__":1}'),
    ),
    fc.constantFrom(...OUT_OF_RANGE_NUMBERS),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

function scalarArbitrary(name: string, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  switch (name) {
    case 'String':
      return stringArbitrary();
    case 'ID':
      return idArbitrary(options);
    case 'Int':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...INTS) },
        { weight: 2, arbitrary: fc.integer({ min: -5, max: 200 }) },
        { weight: 1, arbitrary: fc.integer() },
      );
    case 'Float':
      return fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...FLOATS) },
        { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
        { weight: 1, arbitrary: fc.double({ min: -200, max: 200, noNaN: true }) },
      );
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return dateTimeArbitrary();
    case 'JSON':
      return jsonArbitrary();
    default:
      return fc.oneof(stringArbitrary(), fc.jsonValue({ maxDepth: 2 }));
  }
}

function namedInputArbitrary(
  type: GraphQLNamedType,
  options: ArbitraryOptions,
  depth: number,
): fc.Arbitrary<unknown> {
  if (isEnumType(type)) {
    const values = type.getValues().map((value) => value.name);
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...values) },
      { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', '', values[0]?.toLowerCase() ?? 'x') },
    );
  }
  if (isInputObjectType(type)) {
    if (depth >= MAX_INPUT_DEPTH) return fc.constant(null);
    const fields = Object.values(type.getFields());
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const requiredKeys: string[] = [];
    for (const field of fields) {
      model[field.name] = inputArbitrary(field.type, options, depth + 1);
      if (isNonNullType(field.type)) requiredKeys.push(field.name);
    }
    const record = fc.record(model, { requiredKeys });
    return fc.oneof(
      { weight: 12, arbitrary: record },
      // Unknown and prototype-polluting keys: refused by coercion, never reaching a resolver.
      {
        weight: 1,
        arbitrary: record.map((value) => ({
          ...value,
          ...(JSON.parse('{"__proto__":{"isAdmin":true},"notAField":1}') as object),
        })),
      },
    );
  }
  return scalarArbitrary(type.name, options);
}

/** A variable value for `type`: valid-looking, boundary and hostile, null where nullable. */
export function inputArbitrary(
  type: GraphQLInputType,
  options: ArbitraryOptions,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    return fc.oneof(
      {
        weight: 30,
        arbitrary: inputArbitrary(type.ofType, options, depth).filter((v) => v !== null),
      },
      { weight: 1, arbitrary: wrongKindArbitrary() },
    );
  }
  let inner: fc.Arbitrary<unknown>;
  if (isListType(type)) {
    const item = inputArbitrary(type.ofType, options, depth);
    inner = fc.oneof(
      { weight: 8, arbitrary: fc.array(item, { maxLength: 3 }) },
      // A huge list: one generated item repeated (cheap to generate, as costly for the server).
      {
        weight: 1,
        arbitrary: fc
          .tuple(item, fc.constantFrom(101, 1_001, 10_000))
          .map(([value, length]) => Array.from({ length: affordable(value, length) }, () => value)),
      },
    );
  } else {
    inner = namedInputArbitrary(type, options, depth);
  }
  return fc.oneof({ weight: 5, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) });
}

function hasRequiredArgs(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
}

/** `{ __typename id name … nested { __typename id … } }`: leaves, and one shallow nested level. */
export function selectionSet(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named)) return '{ __typename }';
  if (!isObjectType(named) && !isInterfaceType(named)) return '';
  const fields = Object.values((named as GraphQLObjectType).getFields()).filter(
    (field) => !hasRequiredArgs(field),
  );
  const leaves = fields
    .filter((field) => isLeafType(getNamedType(field.type)))
    .slice(0, MAX_LEAVES)
    .map((field) => field.name);
  const nested =
    depth >= 1
      ? []
      : fields
          .filter((field) => !isLeafType(getNamedType(field.type)))
          .slice(0, MAX_NESTED)
          .map((field) => `${field.name} ${selectionSet(field.type, depth + 1)}`);
  return `{ __typename ${[...leaves, ...nested].join(' ')} }`;
}

export interface RootField {
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  /** `Query.tasks` */
  name: string;
}

export function rootFields(schema: GraphQLSchema): RootField[] {
  const roots: RootField[] = [];
  for (const [operation, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      roots.push({ operation, field, name: `${type.name}.${field.name}` });
    }
  }
  return roots;
}

/** The document for one root field, every argument passed as a variable of its own type. */
export function documentFor(root: RootField): string {
  const { field } = root;
  const definitions = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`);
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`);
  return (
    `${root.operation} Fuzz${definitions.length ? `(${definitions.join(', ')})` : ''} ` +
    `{ ${field.name}${args.length ? `(${args.join(', ')})` : ''} ${selectionSet(field.type)} }`
  );
}

/** Operations on one root field: its document and generated variables (an argument may be left out). */
export function operationArbitrary(
  root: RootField,
  options: ArbitraryOptions,
): fc.Arbitrary<FuzzOperation> {
  const query = documentFor(root);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const arg of root.field.args) {
    model[arg.name] = inputArbitrary(arg.type, options);
    if (isNonNullType(arg.type)) requiredKeys.push(arg.name);
  }
  return fc
    .record(model, { requiredKeys })
    .map((variables) => ({ field: root.name, query, variables }));
}

/** Documents that are not valid GraphQL, or are valid but hostile in shape. */
export function malformedDocumentArbitrary(valid: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom(
      '',
      '{',
      '}',
      'query',
      'query {',
      '{ __typename',
      '{ __typename } }',
      'query ($a: Int = "x") { __typename }',
      'query ($a: Unknown) { __typename }',
      'query Q { __typename } query Q { __typename }',
      'query A { __typename } query B { __typename }',
      'subscription { __typename }',
      'fragment F on Query { ...F } { ...F }',
      '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }',
      '{ __typename @skip(if: true) @skip(if: true) }',
      `{ ${'a: __typename '.repeat(500)} }`,
      `${'{ me '.repeat(200)}${'}'.repeat(200)}`,
      `${'['.repeat(5000)}`,
      `{ me { id } ${'#'.repeat(10_000)} }`,
      '\u0000{ me { id } }',
      '{ "me" }',
      '{ me(id: 1) { id } }',
      '{ me { nope } }',
    ),
    fc
      .tuple(fc.constantFrom(...valid), fc.nat(), fc.string({ maxLength: 3 }))
      .map(([doc, at, insert]) => {
        const cut = at % (doc.length + 1);
        return doc.slice(0, cut) + insert + doc.slice(cut + 1);
      }),
  );
}
