import { can, Permission } from '@/access/permissions';
import { Role } from '@/access/role';
import {
  Account,
  ADD_MEMBER,
  ADD_TEAM_MEMBER,
  addMemberWithRole,
  CREATE_API_KEY,
  CREATE_TEAM,
  createApiKey,
  createTeam,
  Member,
  registerUser,
  RoleName,
  suffix,
  uniqueEmail,
} from '../factories/identity.factory';
import { graphql, GraphQLResponse } from '../utils/graphql-client';
import { startApi, TestApp } from '../utils/test-app';

/** What each sample operation gets to work with: a fresh organization and the caller's credential. */
interface Context {
  api: TestApp;
  owner: Account;
  /** Access token or API key secret of the role under test. */
  credential: string;
  /** A new VIEWER member for the operation to act on. */
  newTarget(): Promise<Member>;
  teamId: string;
}

interface Sample {
  name: string;
  /** The permission the operation needs; `user-only` needs a person rather than an API key. */
  needs: Permission | 'user-only';
  run(context: Context): Promise<GraphQLResponse>;
}

const call = (context: Context, query: string, variables?: Record<string, unknown>) =>
  graphql(context.api.graphqlUrl, query, variables, { token: context.credential });

/** A sample of the schema's operations, one or more per permission of the identity domain. */
const SAMPLES: Sample[] = [
  {
    name: 'members',
    needs: 'organization:read',
    run: (c) => call(c, '{ members { totalCount } }'),
  },
  { name: 'teams', needs: 'organization:read', run: (c) => call(c, '{ teams { id } }') },
  {
    name: 'team',
    needs: 'organization:read',
    run: (c) => call(c, 'query T($id: ID!) { team(id: $id) { id } }', { id: c.teamId }),
  },
  {
    name: 'createTeam',
    needs: 'teams:manage',
    run: (c) => call(c, CREATE_TEAM, { input: { name: `Team ${suffix()}` } }),
  },
  {
    name: 'addTeamMember',
    needs: 'teams:manage',
    run: async (c) =>
      call(c, ADD_TEAM_MEMBER, {
        teamId: c.teamId,
        userId: (await c.newTarget()).userId,
        role: 'MEMBER',
      }),
  },
  {
    name: 'addMember',
    needs: 'members:manage',
    run: (c) =>
      call(c, ADD_MEMBER, { input: { email: uniqueEmail(), name: 'New', role: 'VIEWER' } }),
  },
  {
    name: 'updateMemberRole',
    needs: 'members:manage',
    run: async (c) =>
      call(c, 'mutation U($id: ID!) { updateMemberRole(membershipId: $id, role: AGENT) { id } }', {
        id: (await c.newTarget()).membershipId,
      }),
  },
  {
    name: 'removeMember',
    needs: 'members:manage',
    run: async (c) =>
      call(c, 'mutation R($id: ID!) { removeMember(membershipId: $id) }', {
        id: (await c.newTarget()).membershipId,
      }),
  },
  {
    name: 'updateOrganizationSettings',
    needs: 'organization:manage',
    run: (c) =>
      call(
        c,
        'mutation S($input: UpdateOrganizationSettingsInput!) { updateOrganizationSettings(input: $input) { id } }',
        { input: { redactTranscripts: true } },
      ),
  },
  {
    name: 'createApiKey',
    needs: 'api-keys:manage',
    run: (c) => call(c, CREATE_API_KEY, { input: { name: 'Sample', role: 'VIEWER' } }),
  },
  { name: 'apiKeys', needs: 'api-keys:manage', run: (c) => call(c, '{ apiKeys { id } }') },
  { name: 'auditLog', needs: 'audit:read', run: (c) => call(c, '{ auditLog { totalCount } }') },
  { name: 'me', needs: 'user-only', run: (c) => call(c, '{ me { role } }') },
  { name: 'sessions', needs: 'user-only', run: (c) => call(c, '{ sessions { id } }') },
];

const ROLES = Object.values(Role) as RoleName[];

describe('role matrix (expectations derived from permissions.ts)', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({ env: { LOGIN_MAX_ATTEMPTS_PER_IP: '100000' } });
  });
  afterAll(() => api.close());

  const matrix = ROLES.flatMap((role) => [
    [role, 'user'],
    [role, 'api-key'],
  ]) as Array<[RoleName, 'user' | 'api-key']>;

  it.each(matrix)('%s (%s) gets exactly what the matrix allows', async (role, kind) => {
    const owner = await registerUser(api);
    const credential =
      kind === 'api-key'
        ? (await createApiKey(api, owner, role)).secret
        : role === 'OWNER'
          ? owner.accessToken
          : (await addMemberWithRole(api, owner, role)).accessToken;

    const context: Context = {
      api,
      owner,
      credential,
      newTarget: () => addMemberWithRole(api, owner, 'VIEWER'),
      teamId: (await createTeam(api, owner)).id,
    };
    const outcomes: Array<{ operation: string; outcome: unknown }> = [];
    const expected: Array<{ operation: string; outcome: unknown }> = [];
    for (const sample of SAMPLES) {
      const { body } = await sample.run(context);
      const code = body.errors?.[0]?.extensions?.code;
      outcomes.push({ operation: sample.name, outcome: code ?? 'OK' });
      const allowed =
        sample.needs === 'user-only' ? kind === 'user' : can(role as Role, sample.needs);
      expected.push({ operation: sample.name, outcome: allowed ? 'OK' : 'FORBIDDEN' });
    }
    expect(outcomes).toEqual(expected);
  });
});
