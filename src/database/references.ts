import { JoinColumn, ManyToOne } from 'typeorm';

/**
 * What the database does to a referencing row when the row it points at is
 * deleted. `SET NULL` on a tenant reference clears only the reference column
 * (PostgreSQL 15's `ON DELETE SET NULL (column)`, written in the migration):
 * the organization column is shared by every reference of the row and is
 * never null. README's "Referential integrity" table lists the choice made
 * for every foreign key.
 */
export type OnDelete = 'CASCADE' | 'SET NULL' | 'NO ACTION';

/**
 * The foreign keys are declared on the entities so that the migrations and
 * the entities agree (the migrations e2e spec compares them); the properties
 * they decorate are never loaded or written — code reads and writes the id
 * columns. Targets are named by class name, not imported, so that entity
 * files need not import each other (and cannot form import cycles).
 */
function reference(
  target: string,
  columns: Array<{ name: string; referencedColumnName: string }>,
  onDelete: OnDelete,
): PropertyDecorator {
  return (prototype, property) => {
    ManyToOne(target, { onDelete, onUpdate: 'NO ACTION' })(prototype, property);
    JoinColumn(columns)(prototype, property);
  };
}

/**
 * A reference to a row of the same organization:
 * `(organization_id, column) → target(organization_id, referenced)`. The
 * database itself refuses a row pointing into another organization; the
 * target declares `@Unique(['organizationId', referenced])`, or has such a
 * unique index.
 */
export function SameOrganization(
  target: string,
  column: string,
  onDelete: OnDelete,
  referenced = 'id',
): PropertyDecorator {
  return reference(
    target,
    [
      { name: 'organization_id', referencedColumnName: 'organizationId' },
      { name: column, referencedColumnName: referenced },
    ],
    onDelete,
  );
}

/** A plain reference `column → target(id)`, for rows that are not the tenant's (users, sessions). */
export function References(target: string, column: string, onDelete: OnDelete): PropertyDecorator {
  return reference(target, [{ name: column, referencedColumnName: 'id' }], onDelete);
}
