import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { can, PERMISSIONS, Permission, ROLE_PERMISSIONS } from './permissions';
import { outranks, Role } from './role';

const cells = (row: string): string[] =>
  row
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());

describe('permission matrix', () => {
  it('gives every role all the permissions of the roles below it', () => {
    const roles = Object.values(Role);
    for (const higher of roles) {
      for (const lower of roles.filter((role) => outranks(higher, role))) {
        for (const permission of ROLE_PERMISSIONS[lower])
          expect(can(higher, permission)).toBe(true);
      }
    }
  });

  it('keeps member, key and audit management to admins and owners', () => {
    for (const permission of ['members:manage', 'api-keys:manage', 'audit:read'] as Permission[]) {
      expect(Object.values(Role).filter((role) => can(role, permission))).toEqual([
        Role.OWNER,
        Role.ADMIN,
      ]);
    }
    expect(can(Role.VIEWER, 'tasks:write')).toBe(false);
    expect(can(Role.VIEWER, 'tasks:read')).toBe(true);
  });

  it('is the table README.md shows', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((line) => /^\|\s*`[a-z-]+:[a-z-]+`/.test(line));
    const header = cells(readme.split('\n').find((line) => /^\|\s*Permission\s*\|/.test(line))!);
    expect(header.slice(1, 6)).toEqual(Object.values(Role));
    expect(rows.map((row) => cells(row)[0].replace(/`/g, ''))).toEqual(Object.keys(PERMISSIONS));
    for (const row of rows) {
      const [name, ...marks] = cells(row);
      const permission = name.replace(/`/g, '') as Permission;
      expect(marks.slice(0, 5).map((mark) => mark === '✓')).toEqual(
        Object.values(Role).map((role) => can(role, permission)),
      );
    }
  });
});
