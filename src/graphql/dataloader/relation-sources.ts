import { Global, Injectable, Module } from '@nestjs/common';

/**
 * Loads rows of one kind by id within one organization, answering in the
 * order of `ids` with null for a missing (or foreign) id — what a DataLoader
 * batch function must return.
 */
export type RelationBatch<V> = (
  organizationId: string,
  ids: readonly string[],
) => Promise<(V | null)[]>;

/**
 * Batch functions by name ('user.byId', 'team.byId'), defined once by the
 * module that owns the rows. A field declared with `relationField` resolves
 * through them without a resolver method, so the owning module's service
 * stays the only code that reads those rows.
 */
@Injectable()
export class RelationSources {
  private readonly batches = new Map<string, RelationBatch<unknown>>();

  define<V>(name: string, batch: RelationBatch<V>): void {
    if (this.batches.has(name)) throw new Error(`Relation source "${name}" is defined twice`);
    this.batches.set(name, batch);
  }

  get<V>(name: string): RelationBatch<V> {
    const batch = this.batches.get(name);
    if (!batch) throw new Error(`No relation source "${name}": its module must define it`);
    return batch as RelationBatch<V>;
  }
}

@Global()
@Module({ providers: [RelationSources], exports: [RelationSources] })
export class RelationSourcesModule {}
