import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
  SUPERVISOR = 'SUPERVISOR',
  AGENT = 'AGENT',
  VIEWER = 'VIEWER',
}

export enum TeamRole {
  LEAD = 'LEAD',
  MEMBER = 'MEMBER',
}

registerEnumType(Role, { name: 'Role' });
registerEnumType(TeamRole, { name: 'TeamRole' });

/** Higher outranks lower: OWNER > ADMIN > SUPERVISOR > AGENT > VIEWER. */
export const ROLE_RANK: Record<Role, number> = {
  [Role.OWNER]: 5,
  [Role.ADMIN]: 4,
  [Role.SUPERVISOR]: 3,
  [Role.AGENT]: 2,
  [Role.VIEWER]: 1,
};

export const outranks = (a: Role, b: Role): boolean => ROLE_RANK[a] > ROLE_RANK[b];
export const atLeast = (a: Role, b: Role): boolean => ROLE_RANK[a] >= ROLE_RANK[b];
