import { BadUserInputError } from '@/common/errors/domain-errors';
import { connectionFromArray } from './connection-array';
import { DEFAULT_PAGE_SIZE } from './connection.args';
import { encodeCursor } from './cursor';

const letters = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `id-${i}`, name: String.fromCharCode(97 + i) }));
const names = (items: readonly { name: string }[]) => items.map((item) => item.name).join('');

describe('connectionFromArray', () => {
  const items = letters(5); // a b c d e

  it('returns an empty connection for an empty list', () => {
    const result = connectionFromArray([], { first: 10 }, 'members');

    expect(result).toEqual({
      edges: [],
      nodes: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      totalCount: 0,
    });
  });

  it('pages forward from the start, with cursors on every edge', () => {
    const result = connectionFromArray(items, { first: 2 }, 'members');

    expect(names(result.nodes)).toBe('ab');
    expect(result.edges.map((edge) => edge.node)).toEqual(result.nodes);
    expect(result.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(result.pageInfo.startCursor).toBe(result.edges[0].cursor);
    expect(result.pageInfo.endCursor).toBe(result.edges[1].cursor);
    expect(result.totalCount).toBe(5);
  });

  it('walks every item exactly once going forward', () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = connectionFromArray(items, { first: 2, after }, 'members');
      seen.push(names(page.nodes));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor ?? undefined;
    }

    expect(seen).toEqual(['ab', 'cd', 'e']);
  });

  it('walks every item exactly once going backward, each page in list order', () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = connectionFromArray(items, { last: 2, before }, 'members');
      seen.push(names(page.nodes));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor ?? undefined;
    }

    expect(seen).toEqual(['de', 'bc', 'a']);
  });

  it('says there is no next page on the last page', () => {
    const first = connectionFromArray(items, { first: 3 }, 'members');
    const last = connectionFromArray(
      items,
      { first: 3, after: first.pageInfo.endCursor! },
      'members',
    );

    expect(names(last.nodes)).toBe('de');
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('returns what lies between after and before', () => {
    const all = connectionFromArray(items, {}, 'members');
    const [, b, , , e] = all.edges.map((edge) => edge.cursor);

    expect(names(connectionFromArray(items, { after: b, before: e }, 'members').nodes)).toBe('cd');
    expect(
      names(connectionFromArray(items, { last: 1, after: b, before: e }, 'members').nodes),
    ).toBe('d');
    expect(names(connectionFromArray(items, { after: e, before: b }, 'members').nodes)).toBe('');
  });

  it('uses the default page size when neither first nor last is given', () => {
    const result = connectionFromArray(letters(DEFAULT_PAGE_SIZE + 1), {}, 'members');

    expect(result.nodes).toHaveLength(DEFAULT_PAGE_SIZE);
    expect(result.pageInfo.hasNextPage).toBe(true);
  });

  it('keeps a page anchored to its item when items before it are removed', () => {
    const page = connectionFromArray(items, { first: 2 }, 'members');
    const withoutA = items.slice(1);

    const next = connectionFromArray(
      withoutA,
      { first: 2, after: page.pageInfo.endCursor! },
      'members',
    );

    expect(names(next.nodes)).toBe('cd');
  });

  it('continues after the slot of a cursor item that was removed', () => {
    const page = connectionFromArray(items, { first: 2 }, 'members');
    const withoutB = items.filter((item) => item.name !== 'b');

    const next = connectionFromArray(
      withoutB,
      { first: 2, after: page.pageInfo.endCursor! },
      'members',
    );

    expect(names(next.nodes)).toBe('cd');
  });

  it('rejects cursors of another list, malformed cursors and bad sizes', () => {
    const foreign = connectionFromArray(items, { first: 1 }, 'teams').pageInfo.endCursor!;
    const wrongShape = encodeCursor('members', ['not-an-index', 'id-1']);

    expect(() => connectionFromArray(items, { after: foreign }, 'members')).toThrow(
      BadUserInputError,
    );
    expect(() => connectionFromArray(items, { before: wrongShape }, 'members')).toThrow(
      BadUserInputError,
    );
    expect(() => connectionFromArray(items, { first: 101 }, 'members')).toThrow(BadUserInputError);
    expect(() => connectionFromArray(items, { first: 1, last: 1 }, 'members')).toThrow(
      BadUserInputError,
    );
  });

  it('returns no items but the right page info for first: 0', () => {
    const result = connectionFromArray(items, { first: 0 }, 'members');

    expect(result.nodes).toEqual([]);
    expect(result.pageInfo.hasNextPage).toBe(true);
    expect(result.totalCount).toBe(5);
  });
});
