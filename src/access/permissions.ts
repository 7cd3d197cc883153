import { Role } from './role';

/**
 * The one permission matrix. Every resolver declares the permission it needs
 * (`@RequirePermission`), and the guard looks it up here. README.md renders
 * this table; permissions.spec.ts keeps the two in step.
 */
export const PERMISSIONS = {
  'organization:read': 'See the organization, its members and teams',
  'organization:manage': "Change the organization's settings (transcript redaction)",
  'members:manage': 'Add members, change roles, remove members',
  'teams:manage': 'Create teams and change their members',
  'api-keys:manage': 'Create and revoke API keys',
  'audit:read': 'Read the audit log',
  'mail:read': "Read the mail the organization's invitations sent",
  'tasks:read': 'Read tasks and comments',
  'tasks:write': 'Create, edit, move, complete and delete tasks; comment',
  'calendar:read': 'Read events and availability',
  'calendar:write': 'Create and edit events; connect calendars',
  'calls:read': 'Read calls, scores and reports',
  'calls:write': 'Import calls',
  'calls:score': 'Score and delete calls',
  'campaigns:manage': 'Create campaigns and edit scorecards',
  'fleet:read': 'Read vehicles, positions, geofences and alerts',
  'fleet:write': 'Record positions',
  'fleet:manage': 'Manage vehicles, geofences, integrations; acknowledge alerts',
  'assistant:use': 'Ask the assistant',
  'automations:manage': 'Create and edit automations',
} as const;

export type Permission = keyof typeof PERMISSIONS;

// A VIEWER may ask the assistant: it is offered only the read tools.
const VIEWER: Permission[] = [
  'organization:read',
  'tasks:read',
  'calendar:read',
  'calls:read',
  'fleet:read',
  'assistant:use',
];
const AGENT: Permission[] = [
  ...VIEWER,
  'tasks:write',
  'calendar:write',
  'calls:write',
  'fleet:write',
];
const SUPERVISOR: Permission[] = [
  ...AGENT,
  'calls:score',
  'campaigns:manage',
  'fleet:manage',
  'teams:manage',
  'automations:manage',
];
const ADMIN: Permission[] = [
  ...SUPERVISOR,
  'organization:manage',
  'members:manage',
  'api-keys:manage',
  'audit:read',
];
const OWNER: Permission[] = [...ADMIN, 'mail:read'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  [Role.OWNER]: new Set(OWNER),
  [Role.ADMIN]: new Set(ADMIN),
  [Role.SUPERVISOR]: new Set(SUPERVISOR),
  [Role.AGENT]: new Set(AGENT),
  [Role.VIEWER]: new Set(VIEWER),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** The matrix as a Markdown table (README.md shows exactly this). */
export function renderPermissionMatrix(): string {
  const roles = Object.values(Role);
  const lines = [
    `| Permission | ${roles.join(' | ')} | What it allows |`,
    `| --- | ${roles.map(() => ':-:').join(' | ')} | --- |`,
  ];
  for (const [permission, description] of Object.entries(PERMISSIONS)) {
    const marks = roles.map((role) => (can(role, permission as Permission) ? '✓' : ''));
    lines.push(`| \`${permission}\` | ${marks.join(' | ')} | ${description} |`);
  }
  return lines.join('\n');
}
