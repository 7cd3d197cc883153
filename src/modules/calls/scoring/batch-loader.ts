import DataLoader from 'dataloader';

export interface BatchLoader<K, V> {
  load(key: K): Promise<V>;
}

/**
 * A DataLoader without a cache (every load is a job of its own) whose batch
 * goes when `schedule` says, or as soon as it holds `size` keys: DataLoader
 * calls `batchScheduleFn` once per new batch and starts a new batch once one
 * holds `maxBatchSize` keys, so counting this batch's loads tells when it is
 * full.
 */
export function batchLoader<K, V>(
  batch: (keys: readonly K[]) => Promise<V[]>,
  size: number,
  schedule: (go: () => void) => unknown,
): BatchLoader<K, V> {
  let loads = 0;
  let goNow: (() => void) | undefined;
  const loader = new DataLoader<K, V>(batch, {
    cache: false,
    maxBatchSize: size,
    batchScheduleFn: (dispatch) => {
      loads = 0;
      let gone = false;
      const go = () => {
        if (gone) return;
        gone = true;
        if (goNow === go) goNow = undefined;
        dispatch();
      };
      goNow = go;
      schedule(go);
    },
  });
  return {
    load(key: K): Promise<V> {
      const result = loader.load(key);
      loads += 1;
      if (loads >= size) goNow?.();
      return result;
    },
  };
}
