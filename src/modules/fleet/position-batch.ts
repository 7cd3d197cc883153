/**
 * A Postgres array literal of strings and numbers (null: NULL), for an
 * `unnest($n::type[])` parameter: JSON's quoting of strings (`"`, `\\`) is
 * the array syntax's, so an element can never split or merge; it is much
 * cheaper than node-postgres' element-by-element array serialization. Only
 * for numbers, booleans and strings without control characters (ids):
 * JSON's other escapes (`\n`, `\u0001`) are not the array syntax's.
 */
export const arrayLiteral = (values: ReadonlyArray<string | number | boolean | null>): string => {
  const json = JSON.stringify(values);
  return `{${json.slice(1, -1)}}`;
};

/**
 * Positions to store, column by column (one index per position; times as
 * epoch milliseconds), vehicles as indexes into the batch's distinct ids.
 * Both ingest paths fill one as they read their input: no object per
 * position, and the columns are what the statement sends.
 */
export class PositionBatch {
  /** The distinct vehicle ids, in order of first appearance. */
  readonly vehicleIds: string[] = [];
  /** Per position, the index of its vehicle in `vehicleIds`. */
  readonly vehicle: number[] = [];
  readonly at: number[] = [];
  readonly lat: number[] = [];
  readonly lng: number[] = [];
  readonly speedKph: Array<number | null> = [];
  readonly heading: Array<number | null> = [];
  private readonly indexes = new Map<string, number>();

  get length(): number {
    return this.at.length;
  }

  add(
    vehicleId: string,
    at: number,
    lat: number,
    lng: number,
    speedKph: number | null,
    heading: number | null,
  ): void {
    let index = this.indexes.get(vehicleId);
    if (index === undefined) {
      index = this.vehicleIds.length;
      this.indexes.set(vehicleId, index);
      this.vehicleIds.push(vehicleId);
    }
    this.vehicle.push(index);
    this.at.push(at);
    this.lat.push(lat);
    this.lng.push(lng);
    this.speedKph.push(speedKph);
    this.heading.push(heading);
  }

  indexOf(vehicleId: string): number | undefined {
    return this.indexes.get(vehicleId);
  }

  /**
   * Position indexes grouped by vehicle (`order[starts[v] .. starts[v + 1])`
   * are vehicle v's), each group in time order; equal times keep their
   * order in the batch.
   */
  byVehicle(): { order: Int32Array; starts: Int32Array } {
    const vehicles = this.vehicleIds.length;
    const count = this.length;
    const starts = new Int32Array(vehicles + 1);
    for (let i = 0; i < count; i++) starts[this.vehicle[i] + 1] += 1;
    for (let v = 0; v < vehicles; v++) starts[v + 1] += starts[v];
    const next = starts.slice(0, vehicles);
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[next[this.vehicle[i]]++] = i;
    const at = this.at;
    for (let v = 0; v < vehicles; v++) {
      const from = starts[v];
      const to = starts[v + 1];
      let sorted = true;
      for (let k = from + 1; k < to && sorted; k++) sorted = at[order[k - 1]] <= at[order[k]];
      if (!sorted) {
        // Stable: equal times keep batch order, so the first one is evaluated (and stored).
        order.subarray(from, to).sort((a, b) => at[a] - at[b] || a - b);
      }
    }
    return { order, starts };
  }
}
