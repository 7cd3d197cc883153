import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Organization } from '@/modules/organizations/organization.entity';

/** A new organization of its own for each test: tests never share tenants. */
export async function createOrganization(
  dataSource: DataSource,
  overrides: Partial<Pick<Organization, 'name' | 'slug'>> = {},
): Promise<Organization> {
  const suffix = randomBytes(4).toString('hex');
  const repository = dataSource.getRepository(Organization);
  return repository.save(
    repository.create({
      name: overrides.name ?? `Org ${suffix}`,
      slug: overrides.slug ?? `org-${suffix}`,
    }),
  );
}
