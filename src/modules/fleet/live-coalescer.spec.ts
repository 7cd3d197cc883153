import { Coalescer } from './live-coalescer';

/** A push-driven async iterator, like a pub/sub subscription. */
function channel<T>() {
  const queue: T[] = [];
  const waiting: Array<(result: IteratorResult<T>) => void> = [];
  let closed = false;
  const iterator: AsyncIterator<T> = {
    next: () =>
      queue.length > 0
        ? Promise.resolve({ done: false, value: queue.shift()! })
        : closed
          ? Promise.resolve({ done: true, value: undefined })
          : new Promise((resolve) => waiting.push(resolve)),
    return: () => {
      closed = true;
      for (const resolve of waiting.splice(0)) resolve({ done: true, value: undefined });
      return Promise.resolve({ done: true, value: undefined });
    },
  };
  return {
    iterator,
    push(value: T) {
      const resolve = waiting.shift();
      if (resolve) resolve({ done: false, value });
      else queue.push(value);
    },
    get closed() {
      return closed;
    },
  };
}

type Item = { key: string; n: number };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Coalescer', () => {
  it('keeps the newest pending item per key and spaces each key by the interval', async () => {
    const source = channel<Item[]>();
    const out = new Coalescer<Item[], Item>(
      source.iterator,
      (batch) => batch,
      (item) => item.key,
      100,
    );
    // Taken before a's first emission, which starts its interval: a slow
    // machine can only make the measured gap longer, never shorter.
    const began = Date.now();
    source.push([{ key: 'a', n: 1 }]);
    expect((await out.next()).value).toEqual({ key: 'a', n: 1 });
    for (let n = 2; n <= 10; n++) source.push([{ key: 'a', n }]);
    source.push([{ key: 'b', n: 1 }]);
    // b is not held back by a; a comes once, newest, after its interval.
    expect((await out.next()).value).toEqual({ key: 'b', n: 1 });
    expect((await out.next()).value).toEqual({ key: 'a', n: 10 });
    // Timers may fire a millisecond early.
    expect(Date.now() - began).toBeGreaterThanOrEqual(98);
    await out.return();
  });

  it('ends at once when returned while waiting, and releases the source', async () => {
    const source = channel<Item[]>();
    const out = new Coalescer<Item[], Item>(
      source.iterator,
      (batch) => batch,
      (item) => item.key,
      100,
    );
    const pending = out.next();
    await sleep(10);
    await out.return();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(source.closed).toBe(true);
  });
});
