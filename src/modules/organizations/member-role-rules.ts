import { ConflictError, ForbiddenError } from '@/common/errors/domain-errors';
import { can } from '@/access/permissions';
import { Role } from '@/access/role';

/**
 * Owners are protected from everyone but owners: only an owner may make
 * someone an owner. Kept pure so the rules can be tested exhaustively; the
 * services feed them roles read under lock.
 */
export function assertRoleGrantAllowed(actorRole: Role, role: Role): void {
  if (!can(actorRole, 'members:manage')) {
    throw new ForbiddenError('Your role cannot manage members');
  }
  if (role === Role.OWNER && actorRole !== Role.OWNER) {
    throw new ForbiddenError('Only an owner can make someone an owner');
  }
}

/**
 * Whether `actorRole` may move a membership from `currentRole` to `newRole`
 * (`null`: remove the membership). `ownerCount` is how many owners the
 * organization has before the change, the target included; it must be
 * counted under a lock on the owners' rows, or two owners demoting each other
 * at once could both see another owner left.
 */
export function assertRoleChangeAllowed(
  actorRole: Role,
  currentRole: Role,
  newRole: Role | null,
  ownerCount: number,
): void {
  if (!can(actorRole, 'members:manage')) {
    throw new ForbiddenError('Your role cannot manage members');
  }
  if (currentRole === Role.OWNER && actorRole !== Role.OWNER) {
    throw new ForbiddenError(
      newRole === null
        ? 'Only an owner can remove an owner'
        : "Only an owner can change an owner's role",
    );
  }
  if (newRole !== null) assertRoleGrantAllowed(actorRole, newRole);
  if (currentRole === Role.OWNER && newRole !== Role.OWNER && ownerCount <= 1) {
    throw new ConflictError('The organization must keep an owner', { reason: 'LAST_OWNER' });
  }
}
