import { graphqlSync, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { DateTimeScalar, GraphQLJSON, JSON_MAX_DEPTH, jsonDepth, parseDateTime } from './scalars';

describe('DateTime scalar', () => {
  it('takes ISO 8601 date-times as before', () => {
    expect(parseDateTime('2026-01-05T09:00:00Z').toISOString()).toBe('2026-01-05T09:00:00.000Z');
    expect(parseDateTime('2026-01-05T09:00:00.123456+01:00').toISOString()).toBe(
      '2026-01-05T08:00:00.123Z',
    );
    expect(parseDateTime('2026-01-05T09:00:00+0100').toISOString()).toBe(
      '2026-01-05T08:00:00.000Z',
    );
    expect(parseDateTime('2026-01-05').toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(parseDateTime('0001-01-01T00:00:00Z').getUTCFullYear()).toBe(1);
    expect(parseDateTime('9999-12-31T23:59:59.999Z').getUTCFullYear()).toBe(9999);
    expect(parseDateTime('2028-02-29T00:00:00Z').getUTCDate()).toBe(29);
  });

  // Found by the schema fuzzer: Nest's GraphQLISODateTime passed `new Date(value)` of
  // anything on, and Invalid Dates and year 275760 reached services and SQL (INTERNAL).
  it.each([
    'now',
    '',
    'infinity',
    '0',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '10000-01-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2027-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-05T24:00:00Z',
    '2026-01-05T09:60:00Z',
    '2026-01-05T09:00:00Z\u0000',
    0,
    8.64e15,
    true,
    null,
    {},
    new Date(Number.NaN),
  ])('refuses %p', (value) => {
    expect(() => parseDateTime(value)).toThrow(/ISO 8601/);
  });

  it('refuses a bad literal as a validation error, not a crash', () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          at: {
            type: GraphQLString,
            args: { at: { type: DateTimeScalar } },
            resolve: (_root, args: { at: Date }) => args.at.toISOString(),
          },
        },
      }),
    });
    expect(graphqlSync({ schema, source: '{ at(at: "2026-01-05T09:00:00Z") }' }).data).toEqual({
      at: '2026-01-05T09:00:00.000Z',
    });
    const refused = graphqlSync({ schema, source: '{ at(at: "now") }' });
    expect(refused.errors?.[0].message).toMatch(/ISO 8601/);
    expect(graphqlSync({ schema, source: '{ at(at: 1) }' }).errors?.[0].message).toMatch(
      /ISO 8601/,
    );
  });
});

describe('JSON scalar', () => {
  const nested = (depth: number): unknown =>
    JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

  it('counts depth without recursion', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth([[1], { a: [2] }])).toBe(3);
    expect(jsonDepth(nested(100_000), 70)).toBe(71);
  });

  it('takes JSON up to 64 levels and refuses deeper (fuzz finding: 3,000 levels overflowed the stack)', () => {
    expect(GraphQLJSON.parseValue({ type: 'Polygon', coordinates: [[[0, 0]]] })).toEqual({
      type: 'Polygon',
      coordinates: [[[0, 0]]],
    });
    expect(GraphQLJSON.parseValue(nested(JSON_MAX_DEPTH))).toEqual(nested(JSON_MAX_DEPTH));
    expect(() => GraphQLJSON.parseValue(nested(JSON_MAX_DEPTH + 1))).toThrow(/64 levels/);
    expect(() => GraphQLJSON.parseValue(nested(3000))).toThrow(/64 levels/);
    expect(GraphQLJSON.name).toBe('JSON');
    expect(GraphQLJSON.specifiedByURL).toMatch(/ECMA-404/);
  });
});
