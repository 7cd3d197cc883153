/**
 * Turns a stream of batches into a stream of items, keeping only the newest
 * pending item per key and letting each key through at most once per
 * `minIntervalMs`. A burst of positions for one vehicle therefore reaches a
 * subscriber as its latest position, a few times a second at most, while
 * other vehicles are not held back by it. `return()` ends at once (also
 * while waiting), and releases the source.
 */
export class Coalescer<S, T> implements AsyncIterableIterator<T> {
  private readonly pending = new Map<string, T>();
  private readonly lastSent = new Map<string, number>();
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  private failure: Error | undefined;

  constructor(
    private readonly source: AsyncIterator<S>,
    private readonly explode: (batch: S) => Iterable<T>,
    private readonly keyOf: (item: T) => string,
    private readonly minIntervalMs: number,
  ) {
    void this.pump();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.ended) return { done: true, value: undefined };
      if (this.failure !== undefined) throw this.failure;
      const now = Date.now();
      let soonest = Infinity;
      for (const [key, item] of this.pending) {
        const wait = (this.lastSent.get(key) ?? -Infinity) + this.minIntervalMs - now;
        if (wait <= 0) {
          this.pending.delete(key);
          this.lastSent.set(key, now);
          return { done: false, value: item };
        }
        soonest = Math.min(soonest, wait);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (soonest !== Infinity) this.timer = setTimeout(resolve, soonest);
      });
      clearTimeout(this.timer);
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.stop();
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    this.stop();
    await this.source.return?.();
    throw error;
  }

  private stop(): void {
    this.ended = true;
    this.pending.clear();
    clearTimeout(this.timer);
    this.wake?.();
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const batch = await this.source.next();
        if (batch.done || this.ended) break;
        for (const item of this.explode(batch.value)) this.pending.set(this.keyOf(item), item);
        this.wake?.();
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
    // A finished source still delivers what is pending; then the stream ends.
    if (!this.ended) {
      while (this.pending.size > 0 && !this.ended) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      this.ended = true;
      this.wake?.();
    }
  }
}
