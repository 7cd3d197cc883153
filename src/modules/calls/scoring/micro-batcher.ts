/**
 * Gathers calls made within a few milliseconds of each other and runs them
 * as one batch: the scoring worker runs many jobs at once, and one statement
 * for eight jobs costs about what one statement for one job does. Each
 * caller gets its own item's result, or the batch's error.
 */
export class MicroBatcher<I, O> {
  private pending: Array<{
    item: I;
    resolve: (value: O) => void;
    reject: (error: unknown) => void;
  }> = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  constructor(
    private readonly runBatch: (items: I[]) => Promise<O[]>,
    private readonly maxSize: number,
    /** 0: flush once the current turn of the event loop is done (setImmediate). */
    private readonly maxWaitMs = 2,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxSize) this.flush();
      else
        this.timer ??=
          this.maxWaitMs === 0
            ? setImmediate(() => this.flush())
            : setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.maxWaitMs === 0) clearImmediate(this.timer as NodeJS.Immediate);
    else clearTimeout(this.timer as NodeJS.Timeout);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.runBatch(batch.map((entry) => entry.item)).then(
      (results) => batch.forEach((entry, index) => entry.resolve(results[index])),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  }
}
