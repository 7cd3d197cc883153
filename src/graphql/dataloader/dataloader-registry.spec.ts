import DataLoader from 'dataloader';
import { DataLoaderRegistry, groupByKeys, loadByIds, orderByKeys } from './dataloader-registry';

describe('DataLoaderRegistry', () => {
  it('creates one loader per key and batches loads made in the same tick', async () => {
    const registry = new DataLoaderRegistry();
    const batches: string[][] = [];
    const factory = jest.fn(
      () =>
        new DataLoader<string, { id: string } | null>(async (ids) => {
          batches.push([...ids]);
          return loadByIds([{ id: 'b' }, { id: 'a' }], ids);
        }),
    );

    const [a, missing, b] = await Promise.all([
      registry.get('user', factory).load('a'),
      registry.get('user', factory).load('x'),
      registry.get('user', factory).load('b'),
    ]);

    expect(factory).toHaveBeenCalledTimes(1);
    expect(batches).toEqual([['a', 'x', 'b']]);
    expect([a, missing, b]).toEqual([{ id: 'a' }, null, { id: 'b' }]);
    expect(
      registry.get('team', () => new DataLoader<string, null>(async (k) => k.map(() => null))),
    ).not.toBe(registry.get('user', factory));
  });
});

describe('orderByKeys and groupByKeys', () => {
  const rows = [
    { id: '1', taskId: 't2' },
    { id: '2', taskId: 't1' },
    { id: '3', taskId: 't2' },
  ];

  it('puts rows back in key order, null where a key has no row', () => {
    expect(orderByKeys(rows, ['3', '9', '1'], (row) => row.id)).toEqual([rows[2], null, rows[0]]);
  });

  it('groups rows under their keys, an empty list where a key has none', () => {
    expect(groupByKeys(rows, ['t1', 't3', 't2'], (row) => row.taskId)).toEqual([
      [rows[1]],
      [],
      [rows[0], rows[2]],
    ]);
  });
});
