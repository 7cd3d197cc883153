import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('runs items added together as one batch and answers each its own result', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(
      (items) => {
        batches.push(items);
        return Promise.resolve(items.map((item) => item * 2));
      },
      3,
      5,
    );
    const results = await Promise.all([1, 2, 3, 4].map((item) => batcher.add(item)));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects every item of a failed batch', async () => {
    const batcher = new MicroBatcher<number, number>(() => Promise.reject(new Error('down')), 10);
    await expect(Promise.all([batcher.add(1), batcher.add(2)])).rejects.toThrow('down');
  });
});
