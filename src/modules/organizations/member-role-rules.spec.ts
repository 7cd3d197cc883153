import { ConflictError, ForbiddenError } from '@/common/errors/domain-errors';
import { assertRoleChangeAllowed, assertRoleGrantAllowed } from './member-role-rules';
import { Role } from '@/access/role';

const ROLES = Object.values(Role);
const NON_OWNERS = ROLES.filter((role) => role !== Role.OWNER);
const MANAGERS = [Role.OWNER, Role.ADMIN];
const NON_MANAGERS = [Role.SUPERVISOR, Role.AGENT, Role.VIEWER];

describe('assertRoleGrantAllowed', () => {
  it.each(ROLES)('lets an owner grant %s', (role) => {
    expect(() => assertRoleGrantAllowed(Role.OWNER, role)).not.toThrow();
  });

  it.each(NON_OWNERS)('lets an admin grant %s', (role) => {
    expect(() => assertRoleGrantAllowed(Role.ADMIN, role)).not.toThrow();
  });

  it('refuses an admin making someone an owner', () => {
    expect(() => assertRoleGrantAllowed(Role.ADMIN, Role.OWNER)).toThrow(ForbiddenError);
  });

  it.each(NON_MANAGERS)('refuses %s granting any role', (actor) => {
    for (const role of ROLES) {
      expect(() => assertRoleGrantAllowed(actor, role)).toThrow(ForbiddenError);
    }
  });
});

describe('assertRoleChangeAllowed', () => {
  describe('changing a role', () => {
    it.each(NON_OWNERS.flatMap((from) => NON_OWNERS.map((to) => [from, to])))(
      'lets an admin move a member from %s to %s',
      (from, to) => {
        expect(() => assertRoleChangeAllowed(Role.ADMIN, from, to, 1)).not.toThrow();
      },
    );

    it.each(NON_OWNERS)('lets an owner promote a %s to owner', (from) => {
      expect(() => assertRoleChangeAllowed(Role.OWNER, from, Role.OWNER, 1)).not.toThrow();
    });

    it.each(NON_OWNERS)('refuses an admin promoting a %s to owner', (from) => {
      expect(() => assertRoleChangeAllowed(Role.ADMIN, from, Role.OWNER, 1)).toThrow(
        'Only an owner can make someone an owner',
      );
    });

    it.each(NON_OWNERS)('refuses an admin demoting an owner to %s, however many owners', (to) => {
      expect(() => assertRoleChangeAllowed(Role.ADMIN, Role.OWNER, to, 5)).toThrow(ForbiddenError);
    });

    it.each(NON_OWNERS)('lets an owner demote another owner to %s while one remains', (to) => {
      expect(() => assertRoleChangeAllowed(Role.OWNER, Role.OWNER, to, 2)).not.toThrow();
    });

    it.each(NON_OWNERS)('refuses demoting the last owner to %s', (to) => {
      expect(() => assertRoleChangeAllowed(Role.OWNER, Role.OWNER, to, 1)).toThrow(ConflictError);
      expect(() => assertRoleChangeAllowed(Role.OWNER, Role.OWNER, to, 1)).toThrow(
        /must keep an owner/,
      );
    });

    it('treats a miscounted zero owners as the last owner, not as permission', () => {
      expect(() => assertRoleChangeAllowed(Role.OWNER, Role.OWNER, Role.ADMIN, 0)).toThrow(
        ConflictError,
      );
    });

    it('lets the last owner stay an owner (no change)', () => {
      expect(() => assertRoleChangeAllowed(Role.OWNER, Role.OWNER, Role.OWNER, 1)).not.toThrow();
    });

    it.each(NON_MANAGERS)('refuses %s changing anyone', (actor) => {
      for (const from of ROLES) {
        for (const to of ROLES) {
          expect(() => assertRoleChangeAllowed(actor, from, to, 3)).toThrow(ForbiddenError);
        }
      }
    });
  });

  describe('removing a member', () => {
    it.each(MANAGERS.flatMap((actor) => NON_OWNERS.map((target) => [actor, target])))(
      'lets an %s remove a %s',
      (actor, target) => {
        expect(() => assertRoleChangeAllowed(actor, target, null, 1)).not.toThrow();
      },
    );

    it('refuses an admin removing an owner', () => {
      expect(() => assertRoleChangeAllowed(Role.ADMIN, Role.OWNER, null, 3)).toThrow(
        'Only an owner can remove an owner',
      );
    });

    it('lets an owner remove another owner (or leave) while one remains', () => {
      expect(() => assertRoleChangeAllowed(Role.OWNER, Role.OWNER, null, 2)).not.toThrow();
    });

    it('refuses removing the last owner, themselves included', () => {
      expect(() => assertRoleChangeAllowed(Role.OWNER, Role.OWNER, null, 1)).toThrow(ConflictError);
    });

    it.each(NON_MANAGERS)('refuses %s removing anyone', (actor) => {
      for (const target of ROLES) {
        expect(() => assertRoleChangeAllowed(actor, target, null, 3)).toThrow(ForbiddenError);
      }
    });
  });

  it('checks who may act before whether an owner is left', () => {
    // An admin must learn "forbidden", not that this was the last owner.
    expect(() => assertRoleChangeAllowed(Role.ADMIN, Role.OWNER, null, 1)).toThrow(ForbiddenError);
  });
});
