import DataLoader from 'dataloader';
import type { RelationSources } from './relation-sources';

/**
 * The DataLoaders of one GraphQL request (or one subscription event), kept in
 * the GraphQL context. A new registry per request means a loader's cache never
 * outlives the request, so it can never serve one viewer's rows to another.
 *
 * Keys name the relation and whatever the factory closes over that changes
 * what it returns, e.g. `'task.assignee'`; the organization is fixed for a
 * request, so it need not be part of the key.
 */
export class DataLoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly sources?: RelationSources) {}

  /** An empty registry over the same relation sources (one per subscription event). */
  fresh(): DataLoaderRegistry {
    return new DataLoaderRegistry(this.sources);
  }

  /**
   * The loader of a named relation source. Keyed by the source's name, so a
   * resolver asking `get('user.byId', …)` shares it within the request.
   */
  relation<V>(name: string, organizationId: string): DataLoader<string, V | null> {
    // Looked up once per request and source, not on every row that asks.
    return this.get(name, () => {
      if (!this.sources) {
        throw new Error('This DataLoaderRegistry was made without relation sources');
      }
      const batch = this.sources.get<V>(name);
      return new DataLoader<string, V | null>((ids) => batch(organizationId, ids));
    });
  }

  get<K, V>(key: string, factory: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = factory();
      this.loaders.set(key, loader);
    }
    return loader;
  }
}

/**
 * Puts batch results back in the order of the requested keys, as DataLoader
 * requires; a key with no row gets `null`. Keys are compared with `===` (Map
 * semantics), so use strings or numbers, not objects.
 */
export function orderByKeys<K, V>(
  rows: readonly V[],
  keys: readonly K[],
  keyOf: (row: V) => K,
): (V | null)[] {
  const byKey = new Map<K, V>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}

/** `orderByKeys` for the usual case: rows fetched by primary key. */
export function loadByIds<V extends { id: string }>(
  rows: readonly V[],
  ids: readonly string[],
): (V | null)[] {
  return orderByKeys(rows, ids, (row) => row.id);
}

/**
 * For to-many relations: every key gets the (possibly empty) list of its rows,
 * in the order the rows came from the database.
 */
export function groupByKeys<K, V>(
  rows: readonly V[],
  keys: readonly K[],
  keyOf: (row: V) => K,
): V[][] {
  const byKey = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((key) => byKey.get(key) ?? []);
}
