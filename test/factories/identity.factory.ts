import { randomBytes } from 'node:crypto';
import { graphql, GraphQLResponse } from '../utils/graphql-client';
import { tokenIn, waitForMail } from '../utils/mailbox';

/** Anything with a GraphQL endpoint: a TestApp, or a bare URL. */
export type Endpoint = { graphqlUrl: string } | string;

const urlOf = (api: Endpoint): string => (typeof api === 'string' ? api : api.graphqlUrl);

export type RoleName = 'OWNER' | 'ADMIN' | 'SUPERVISOR' | 'AGENT' | 'VIEWER';

/** A signed-in person in one organization, with everything a test needs to act as them. */
export interface Account {
  accessToken: string;
  refreshToken: string;
  userId: string;
  organizationId: string;
  /** The session named by the access token (`sid`). */
  sessionId: string;
  email: string;
  password: string;
  role: RoleName;
}

export interface Member extends Account {
  membershipId: string;
}

export interface CreatedKey {
  id: string;
  secret: string;
  prefix: string;
  role: RoleName;
}

export const suffix = (): string => randomBytes(5).toString('hex');
export const uniqueEmail = (label = 'user'): string => `${label}-${suffix()}@example.test`;
export const strongPassword = (): string => `Correct horse battery ${suffix()}`;

/** The claims of a JWT, without verifying it. */
export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = token.split('.');
  const json = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: json(header), payload: json(payload) };
}

/** Runs an operation and fails the test with the server's errors if there are any. */
export async function gqlOk<T = Record<string, any>>(
  api: Endpoint,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
  headers?: Record<string, string>,
): Promise<T> {
  const response = await graphql<T>(urlOf(api), query, variables, { token, headers });
  if (response.body.errors?.length || !response.body.data) {
    throw new Error(
      `GraphQL operation failed (HTTP ${response.status}): ${JSON.stringify(response.body.errors)}\n${query}`,
    );
  }
  return response.body.data;
}

/** Runs an operation that must fail, and returns its first error (code, message, extensions). */
export async function gqlError(
  api: Endpoint,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
  headers?: Record<string, string>,
): Promise<{
  code: unknown;
  message: string;
  extensions: Record<string, unknown>;
  response: GraphQLResponse;
}> {
  const response = await graphql(urlOf(api), query, variables, { token, headers });
  const error = response.body.errors?.[0];
  if (!error) {
    throw new Error(`expected an error, got ${JSON.stringify(response.body.data)}\n${query}`);
  }
  return {
    code: error.extensions?.code,
    message: error.message,
    extensions: error.extensions ?? {},
    response,
  };
}

const AUTH_PAYLOAD = `accessToken refreshToken accessTokenExpiresAt role
  user { id email } organization { id name slug }`;

interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  role: RoleName;
  user: { id: string; email: string };
  organization: { id: string; name: string; slug: string };
}

function accountFrom(payload: AuthPayload, email: string, password: string): Account {
  return {
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    userId: payload.user.id,
    organizationId: payload.organization.id,
    sessionId: decodeJwt(payload.accessToken).payload.sid as string,
    email,
    password,
    role: payload.role,
  };
}

export const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { ${AUTH_PAYLOAD} } }`;
export const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { ${AUTH_PAYLOAD} } }`;
export const ACCEPT_INVITE = `mutation AcceptInvite($token: String!, $password: String!) {
  acceptInvite(token: $token, password: $password) { ${AUTH_PAYLOAD} } }`;
export const REFRESH = `mutation Refresh($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) { ${AUTH_PAYLOAD} } }`;

/** A new person who owns a new organization (each call: its own tenant). */
export async function registerUser(
  api: Endpoint,
  overrides: Partial<{
    email: string;
    password: string;
    name: string;
    organizationName: string;
    timezone: string;
  }> = {},
): Promise<Account> {
  const email = overrides.email ?? uniqueEmail('owner');
  const password = overrides.password ?? strongPassword();
  const data = await gqlOk<{ register: AuthPayload }>(api, REGISTER, {
    input: {
      email,
      password,
      name: overrides.name ?? 'Test Owner',
      organizationName: overrides.organizationName ?? `Org ${suffix()}`,
      ...(overrides.timezone ? { timezone: overrides.timezone } : {}),
    },
  });
  return accountFrom(data.register, email, password);
}

/** Signs an existing person in (optionally into a given organization). */
export async function login(
  api: Endpoint,
  account: Pick<Account, 'email' | 'password'>,
  organizationId?: string,
): Promise<Account> {
  const data = await gqlOk<{ login: AuthPayload }>(api, LOGIN, {
    input: {
      email: account.email,
      password: account.password,
      ...(organizationId ? { organizationId } : {}),
    },
  });
  return accountFrom(data.login, account.email, account.password);
}

export const ADD_MEMBER = `mutation AddMember($input: AddMemberInput!) {
  addMember(input: $input) { id role status user { id email } organization { id } } }`;
export const VERIFY_EMAIL = 'mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }';
export const INVITATION_FIELDS =
  'id email role status expiresAt createdAt acceptedAt declinedAt revokedAt organization { id name } invitedBy { id }';
export const MY_INVITATIONS = `{ myInvitations { ${INVITATION_FIELDS} } }`;
export const ACCEPT_INVITATION = `mutation AcceptInvitation($id: ID!) {
  acceptInvitation(id: $id) { id role status user { id } organization { id } } }`;
export const DECLINE_INVITATION = `mutation DeclineInvitation($id: ID!) {
  declineInvitation(id: $id) { ${INVITATION_FIELDS} } }`;
export const REVOKE_INVITATION = `mutation RevokeInvitation($id: ID!) {
  revokeInvitation(id: $id) { ${INVITATION_FIELDS} } }`;
export const INVITATIONS = `query Invitations($status: InvitationStatus) {
  invitations(status: $status) { ${INVITATION_FIELDS} } }`;

/** Verifies the account's address with the link from its verification email (read over SMTP). */
export async function verifyEmailOf(api: Endpoint, account: Pick<Account, 'email'>): Promise<void> {
  const mail = await waitForMail(account.email, /Confirm your email/);
  await gqlOk(api, VERIFY_EMAIL, { token: tokenIn(mail, '/verify-email') });
}

/**
 * Invites a new person into `actor`'s organization with `role`; they accept
 * with the token from the invitation email (read from the SMTP catcher),
 * setting their password, and are returned signed in there.
 */
export async function addMemberWithRole(
  api: Endpoint,
  actor: Pick<Account, 'accessToken'>,
  role: RoleName,
): Promise<Member> {
  const email = uniqueEmail(role.toLowerCase());
  const password = strongPassword();
  await gqlOk(api, ADD_MEMBER, { input: { email, name: `Test ${role}`, role } }, actor.accessToken);
  const mail = await waitForMail(email, /invited you/);
  const accepted = await gqlOk<{ acceptInvite: AuthPayload }>(api, ACCEPT_INVITE, {
    token: tokenIn(mail, '/invitations/accept'),
    password,
  });
  const account = accountFrom(accepted.acceptInvite, email, password);
  return { ...account, membershipId: await membershipIdOf(api, account) };
}

/**
 * Adds a person who already has an account (e.g. the owner of another
 * organization): their address is verified (once), `actor` invites them and
 * they accept signed in. Their session stays in their own organization.
 */
export async function addExistingMember(
  api: Endpoint,
  actor: Pick<Account, 'accessToken'>,
  invitee: Pick<Account, 'accessToken' | 'email'>,
  role: RoleName,
): Promise<{ membershipId: string; userId: string }> {
  const verified = await gqlOk<{ me: { user: { emailVerifiedAt: string | null } } }>(
    api,
    '{ me { user { emailVerifiedAt } } }',
    undefined,
    invitee.accessToken,
  );
  if (!verified.me.user.emailVerifiedAt) await verifyEmailOf(api, invitee);
  const added = await gqlOk<{ addMember: { id: string } }>(
    api,
    ADD_MEMBER,
    { input: { email: invitee.email, role } },
    actor.accessToken,
  );
  const accepted = await gqlOk<{ acceptInvitation: { id: string; user: { id: string } } }>(
    api,
    ACCEPT_INVITATION,
    { id: added.addMember.id },
    invitee.accessToken,
  );
  return {
    membershipId: accepted.acceptInvitation.id,
    userId: accepted.acceptInvitation.user.id,
  };
}

/** The caller's own membership id in their active organization. */
export async function membershipIdOf(
  api: Endpoint,
  account: Pick<Account, 'accessToken' | 'organizationId'>,
): Promise<string> {
  const data = await gqlOk<{
    me: { memberships: Array<{ id: string; organization: { id: string } }> };
  }>(api, '{ me { memberships { id organization { id } } } }', undefined, account.accessToken);
  const own = data.me.memberships.find(
    (membership) => membership.organization.id === account.organizationId,
  );
  if (!own) throw new Error('no membership in the active organization');
  return own.id;
}

export const CREATE_API_KEY = `mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id prefix role name lastUsedAt revokedAt } } }`;

export async function createApiKey(
  api: Endpoint,
  actor: Pick<Account, 'accessToken'> | string,
  role: RoleName,
): Promise<CreatedKey> {
  const token = typeof actor === 'string' ? actor : actor.accessToken;
  const data = await gqlOk<{
    createApiKey: { secret: string; apiKey: { id: string; prefix: string; role: RoleName } };
  }>(api, CREATE_API_KEY, { input: { name: `Key ${suffix()}`, role } }, token);
  return {
    id: data.createApiKey.apiKey.id,
    prefix: data.createApiKey.apiKey.prefix,
    role,
    secret: data.createApiKey.secret,
  };
}

export const CREATE_TEAM = `mutation CreateTeam($input: CreateTeamInput!) {
  createTeam(input: $input) { id name description members { role user { id } } } }`;

export async function createTeam(
  api: Endpoint,
  actor: Pick<Account, 'accessToken'> | string,
  name = `Team ${suffix()}`,
): Promise<{ id: string; name: string }> {
  const token = typeof actor === 'string' ? actor : actor.accessToken;
  const data = await gqlOk<{ createTeam: { id: string; name: string } }>(
    api,
    CREATE_TEAM,
    { input: { name, description: 'made by a test' } },
    token,
  );
  return data.createTeam;
}

export const ADD_TEAM_MEMBER = `mutation AddTeamMember($teamId: ID!, $userId: ID!, $role: TeamRole) {
  addTeamMember(teamId: $teamId, userId: $userId, role: $role) { id members { role user { id } } } }`;

export async function addTeamMember(
  api: Endpoint,
  actor: Pick<Account, 'accessToken'>,
  teamId: string,
  userId: string,
  role: 'LEAD' | 'MEMBER' = 'MEMBER',
): Promise<void> {
  await gqlOk(api, ADD_TEAM_MEMBER, { teamId, userId, role }, actor.accessToken);
}
