import { randomUUID } from 'node:crypto';
import {
  ACCEPT_INVITE,
  ADD_MEMBER,
  ADD_TEAM_MEMBER,
  addExistingMember,
  addMemberWithRole,
  addTeamMember,
  CREATE_API_KEY,
  CREATE_TEAM,
  createApiKey,
  createTeam,
  decodeJwt,
  gqlError,
  gqlOk,
  LOGIN,
  login,
  membershipIdOf,
  REFRESH,
  REGISTER,
  registerUser,
  strongPassword,
  suffix,
  uniqueEmail,
} from '../factories/identity.factory';
import { graphql } from '../utils/graphql-client';
import { tokenIn, waitForMail } from '../utils/mailbox';
import { startApi, TestApp } from '../utils/test-app';

const ME = `{ me {
  user { id email hasVoicePin }
  organization { id }
  role
  memberships { id role organization { id } user { id } }
} }`;
const MEMBERS = `query Members($first: Int, $after: String) {
  members(first: $first, after: $after) { totalCount nodes { id role user { id email } organization { id } } } }`;
const UPDATE_ROLE = `mutation UpdateRole($membershipId: ID!, $role: Role!) {
  updateMemberRole(membershipId: $membershipId, role: $role) { id role } }`;
const REMOVE_MEMBER = `mutation RemoveMember($membershipId: ID!) { removeMember(membershipId: $membershipId) }`;
const TEAMS = '{ teams { id name members { role user { id } } } }';
const TEAM = `query Team($id: ID!) { team(id: $id) { id name members { role user { id } } } }`;
const REMOVE_TEAM_MEMBER = `mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {
  removeTeamMember(teamId: $teamId, userId: $userId) { id members { role user { id } } } }`;
const API_KEYS = '{ apiKeys { id name role prefix lastUsedAt revokedAt } }';
const REVOKE_API_KEY = `mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const SESSIONS = '{ sessions { id current userAgent ip createdAt lastUsedAt } }';
const SWITCH = `mutation Switch($organizationId: ID!) {
  switchOrganization(organizationId: $organizationId) {
    accessToken refreshToken role organization { id } user { id } } }`;
const SET_PIN = `mutation SetPin($pin: String!) { setVoicePin(pin: $pin) { id hasVoicePin } }`;
const AUDIT_LOG = `query Audit($entityType: String, $entityId: ID, $first: Int, $after: String) {
  auditLog(entityType: $entityType, entityId: $entityId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id action entityType entityId changes createdAt actor { id } }
  } }`;

/** Every identity test app: the per-IP login limit out of the way (all tests share 127.0.0.1). */
const QUIET_IP_LIMIT = { LOGIN_MAX_ATTEMPTS_PER_IP: '100000' };

const codesOf = (errors: Array<{ extensions?: Record<string, unknown> }> | undefined) =>
  (errors ?? []).map((error) => error.extensions?.code);

/** `me` with this token: its data, or the error code. */
async function whoAmI(api: TestApp, token: string): Promise<{ code?: unknown; me?: any }> {
  const { body } = await graphql<{ me: any }>(api.graphqlUrl, ME, undefined, { token });
  if (body.errors?.length) return { code: body.errors[0].extensions?.code };
  return { me: body.data!.me };
}

describe('identity', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({ env: QUIET_IP_LIMIT });
  });
  afterAll(() => api.close());

  describe('registration', () => {
    it('creates a user who owns a new organization and signs them in with short-lived HS256 tokens', async () => {
      const email = `Ada.${suffix()}@Example.test`;
      const password = strongPassword();
      const before = Date.now();
      const { register } = await gqlOk(api, REGISTER, {
        input: {
          email,
          password,
          name: 'Ada Lovelace',
          organizationName: 'Acme Rockets',
          timezone: 'Europe/Paris',
        },
      });
      expect(register.role).toBe('OWNER');
      expect(register.user.email).toBe(email.toLowerCase());
      expect(register.organization.name).toBe('Acme Rockets');
      expect(register.organization.slug).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(typeof register.refreshToken).toBe('string');
      expect(register.refreshToken.split('.')).toHaveLength(1); // opaque, not a JWT

      const expiresAt = new Date(register.accessTokenExpiresAt).getTime();
      expect(expiresAt).toBeGreaterThan(before);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 15 * 60_000 + 2_000);

      const { header, payload } = decodeJwt(register.accessToken);
      expect(header.alg).toBe('HS256');
      expect(payload).toMatchObject({
        iss: 'switchboard',
        aud: 'switchboard-api',
        sub: register.user.id,
        org: register.organization.id,
      });
      expect(typeof payload.sid).toBe('string');
      expect((payload.exp as number) - (payload.iat as number)).toBeLessThanOrEqual(900);

      const { me } = await whoAmI(api, register.accessToken);
      expect(me).toEqual({
        user: { id: register.user.id, email: email.toLowerCase(), hasVoicePin: false },
        organization: { id: register.organization.id },
        role: 'OWNER',
        memberships: [
          {
            id: expect.any(String),
            role: 'OWNER',
            organization: { id: register.organization.id },
            user: { id: register.user.id },
          },
        ],
      });
    });

    it.each([
      ['too short', () => 'Sh0rt pw', /10/],
      ['one repeated character', () => 'aaaaaaaaaaaaaaaa', /repeat/i],
      ['containing the email', (local: string) => `my ${local} secret!`, /email/i],
    ])(
      'refuses a password %s with BAD_USER_INPUT and field errors',
      async (_case, make, message) => {
        const local = `walter-${suffix()}`;
        const error = await gqlError(api, REGISTER, {
          input: {
            email: `${local}@example.test`,
            password: make(local),
            name: 'Walter',
            organizationName: `Org ${suffix()}`,
          },
        });
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.message).toMatch(message);
        const fields = error.extensions.fields as Array<{ path: string; message: string }>;
        expect(fields.length).toBeGreaterThan(0);
        expect(fields.every((field) => /password/.test(field.path))).toBe(true);
        // Nothing was created: the email is still free.
        await registerUser(api, { email: `${local}@example.test` });
      },
    );

    it('refuses a second account with the same email in another case (CONFLICT)', async () => {
      const first = await registerUser(api);
      const error = await gqlError(api, REGISTER, {
        input: {
          email: first.email.toUpperCase(),
          password: strongPassword(),
          name: 'Copycat',
          organizationName: `Org ${suffix()}`,
        },
      });
      expect(error.code).toBe('CONFLICT');
      // The original password still signs in.
      await login(api, first);
    });
  });

  describe('login', () => {
    it('signs in with the email in any case into a new session', async () => {
      const owner = await registerUser(api);
      const session = await login(api, {
        email: owner.email.toUpperCase(),
        password: owner.password,
      });
      expect(session.userId).toBe(owner.userId);
      expect(session.organizationId).toBe(owner.organizationId);
      expect(session.role).toBe('OWNER');
      expect(session.sessionId).not.toBe(owner.sessionId);
      expect((await whoAmI(api, session.accessToken)).me.user.id).toBe(owner.userId);
    });

    it('gives an unknown email and a wrong password the same error, after similar work', async () => {
      const owner = await registerUser(api);
      const attempt = async (email: string, password: string) => {
        const started = process.hrtime.bigint();
        const error = await gqlError(api, LOGIN, { input: { email, password } });
        return { error, ms: Number(process.hrtime.bigint() - started) / 1e6 };
      };
      await attempt(uniqueEmail('warmup'), 'whatever whatever'); // first use builds the decoy hash
      const wrong = [];
      const unknown = [];
      for (let i = 0; i < 3; i += 1) {
        wrong.push(await attempt(owner.email, `not the password ${i}`));
        unknown.push(await attempt(uniqueEmail('nobody'), `not the password ${i}`));
      }
      for (const { error } of [...wrong, ...unknown]) {
        expect(error.code).toBe('UNAUTHENTICATED');
        expect(error.message).toBe('Invalid email or password');
        expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED' });
      }
      // Both paths run the password hash: no order-of-magnitude difference.
      const median = (runs: Array<{ ms: number }>) =>
        runs.map((run) => run.ms).sort((a, b) => a - b)[1];
      const ratio = median(unknown) / median(wrong);
      expect(ratio).toBeGreaterThan(0.25);
      expect(ratio).toBeLessThan(4);
    });

    it('refuses an invited user who has not set a password yet, with the same error', async () => {
      const owner = await registerUser(api);
      const email = uniqueEmail('invitee');
      await gqlOk(
        api,
        ADD_MEMBER,
        { input: { email, name: 'Invitee', role: 'AGENT' } },
        owner.accessToken,
      );
      const error = await gqlError(api, LOGIN, { input: { email, password: '' } });
      expect(error.code).toBe('UNAUTHENTICATED');
      expect(error.message).toBe('Invalid email or password');
    });

    it('locks an account after 5 failures, even for the right password', async () => {
      const owner = await registerUser(api);
      for (let i = 0; i < 5; i += 1) {
        const error = await gqlError(api, LOGIN, {
          input: { email: owner.email, password: `guess number ${i}` },
        });
        expect(error.code).toBe('UNAUTHENTICATED');
      }
      const locked = await gqlError(api, LOGIN, {
        input: { email: owner.email, password: owner.password },
      });
      expect(locked.code).toBe('RATE_LIMITED');
      expect(locked.extensions.retryAfterSeconds).toBeGreaterThan(0);
      // Only that account: another one still signs in from the same IP.
      const other = await registerUser(api);
      await login(api, other);
      // The lock is on the account, not on the email's case.
      expect(
        (
          await gqlError(api, LOGIN, {
            input: { email: owner.email.toUpperCase(), password: owner.password },
          })
        ).code,
      ).toBe('RATE_LIMITED');
    });

    it('resets the failure count after a successful login', async () => {
      const owner = await registerUser(api);
      for (let round = 0; round < 2; round += 1) {
        for (let i = 0; i < 4; i += 1) {
          await gqlError(api, LOGIN, {
            input: { email: owner.email, password: `guess ${round}.${i}` },
          });
        }
        await login(api, owner);
      }
    });

    it('gives aliased logins in one document no more guesses than the account allows', async () => {
      const owner = await registerUser(api);
      const aliases = Array.from(
        { length: 10 },
        (_, i) =>
          `g${i}: login(input: { email: $email, password: "wrong guess ${i}" }) { accessToken }`,
      ).join('\n');
      const document = `mutation Guess($email: String!) { ${aliases} }`;
      let wrongPasswordAnswers = 0;
      for (let request = 0; request < 6; request += 1) {
        const { body } = await graphql(api.graphqlUrl, document, { email: owner.email });
        expect(body.data ?? null).toBeNull();
        wrongPasswordAnswers += codesOf(body.errors).filter(
          (code) => code === 'UNAUTHENTICATED',
        ).length;
      }
      // Each answered guess is a failure counted against the account.
      expect(wrongPasswordAnswers).toBeLessThanOrEqual(5);
      const locked = await gqlError(api, LOGIN, {
        input: { email: owner.email, password: owner.password },
      });
      expect(locked.code).toBe('RATE_LIMITED');
    });
  });

  describe('login limit per IP', () => {
    let limited: TestApp;

    beforeAll(async () => {
      // Its own Redis key prefix: the IP counter is not shared with the rest of the run.
      limited = await startApi({
        env: {
          LOGIN_MAX_ATTEMPTS_PER_IP: '5',
          REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}ip`,
          // The test's "other client" comes through a local proxy (X-Forwarded-For).
          TRUST_PROXY: 'loopback',
        },
      });
    });
    afterAll(() => limited.close());

    it('counts every aliased login of a document and then refuses the IP', async () => {
      const owner = await registerUser(limited);
      const aliases = Array.from(
        { length: 6 },
        (_, i) => `l${i}: login(input: { email: $email, password: $password }) { accessToken }`,
      ).join('\n');
      const { body } = await graphql(
        limited.graphqlUrl,
        `mutation Many($email: String!, $password: String!) { ${aliases} }`,
        { email: owner.email, password: owner.password },
      );
      expect(codesOf(body.errors)).toContain('RATE_LIMITED');

      // Every attempt counts, right or wrong, known email or not.
      for (const input of [
        { email: owner.email, password: owner.password },
        { email: uniqueEmail('nobody'), password: 'whatever whatever' },
      ]) {
        const error = await gqlError(limited, LOGIN, { input });
        expect(error.code).toBe('RATE_LIMITED');
        expect(error.extensions.retryAfterSeconds).toBeGreaterThan(0);
      }

      // Another client IP (through the trusted local proxy) is not affected.
      const elsewhere = await gqlOk(
        limited,
        LOGIN,
        { input: { email: owner.email, password: owner.password } },
        undefined,
        {
          'x-forwarded-for': '198.51.100.23',
        },
      );
      // At most five of the six aliased logins were let through.
      const { sessions } = await gqlOk(limited, SESSIONS, undefined, elsewhere.login.accessToken);
      expect(sessions.length).toBeLessThanOrEqual(1 + 5 + 1);
    });
  });

  describe('refresh tokens', () => {
    it('rotates the refresh token: the new pair works, the old token is single-use', async () => {
      const owner = await registerUser(api);
      const { refreshSession: next } = await gqlOk(api, REFRESH, {
        refreshToken: owner.refreshToken,
      });
      expect(next.refreshToken).not.toBe(owner.refreshToken);
      expect(next.accessToken).not.toBe(owner.accessToken);
      expect(decodeJwt(next.accessToken).payload.sid).toBe(owner.sessionId);
      expect((await whoAmI(api, next.accessToken)).me.user.id).toBe(owner.userId);

      // Within the grace period a second use is refused but does not end the session.
      const reused = await gqlError(api, REFRESH, { refreshToken: owner.refreshToken });
      expect(reused.code).toBe('UNAUTHENTICATED');
      expect((await whoAmI(api, next.accessToken)).me).toBeDefined();
      await gqlOk(api, REFRESH, { refreshToken: next.refreshToken });
    });

    it('refuses an unknown refresh token', async () => {
      const error = await gqlError(api, REFRESH, { refreshToken: 'not-a-real-refresh-token' });
      expect(error.code).toBe('UNAUTHENTICATED');
    });

    it('lets exactly one of 20 concurrent refreshes of one token win, and the winner keeps working', async () => {
      const owner = await registerUser(api);
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          graphql<{ refreshSession: { accessToken: string; refreshToken: string } }>(
            api.graphqlUrl,
            REFRESH,
            {
              refreshToken: owner.refreshToken,
            },
          ),
        ),
      );
      const winners = responses.filter((response) => response.body.data?.refreshSession);
      const losers = responses.filter((response) => response.body.errors?.length);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(19);
      for (const loser of losers) expect(codesOf(loser.body.errors)).toEqual(['UNAUTHENTICATED']);

      const winner = winners[0].body.data!.refreshSession;
      expect((await whoAmI(api, winner.accessToken)).me.user.id).toBe(owner.userId);
      await gqlOk(api, REFRESH, { refreshToken: winner.refreshToken });
    });

    describe('without a reuse grace period', () => {
      let graceless: TestApp;

      beforeAll(async () => {
        graceless = await startApi({
          env: { ...QUIET_IP_LIMIT, REFRESH_TOKEN_REUSE_GRACE_SECONDS: '0' },
        });
      });
      afterAll(() => graceless.close());

      it('rejects a rotated refresh token and revokes the family', async () => {
        const owner = await registerUser(graceless);
        const { refreshSession: second } = await gqlOk(graceless, REFRESH, {
          refreshToken: owner.refreshToken,
        });
        const { refreshSession: third } = await gqlOk(graceless, REFRESH, {
          refreshToken: second.refreshToken,
        });
        await new Promise((resolve) => setTimeout(resolve, 1100));

        const replay = await gqlError(graceless, REFRESH, { refreshToken: owner.refreshToken });
        expect(replay.code).toBe('UNAUTHENTICATED');

        // The whole session is gone: its newest refresh token and its access tokens.
        expect(
          (await gqlError(graceless, REFRESH, { refreshToken: third.refreshToken })).code,
        ).toBe('UNAUTHENTICATED');
        expect((await whoAmI(graceless, third.accessToken)).code).toBe('UNAUTHENTICATED');
        expect((await whoAmI(graceless, owner.accessToken)).code).toBe('UNAUTHENTICATED');
        // Other sessions of the same person are not this family.
        const other = await login(graceless, owner);
        expect((await whoAmI(graceless, other.accessToken)).me).toBeDefined();
      });
    });
  });

  describe('sessions', () => {
    it('lists the live sessions and marks the current one', async () => {
      const owner = await registerUser(api);
      await gqlOk(
        api,
        LOGIN,
        { input: { email: owner.email, password: owner.password } },
        undefined,
        {
          'user-agent': 'switchboard-e2e/1.0',
        },
      );
      const { sessions } = await gqlOk(api, SESSIONS, undefined, owner.accessToken);
      expect(sessions).toHaveLength(2);
      const current = sessions.find((session: any) => session.current);
      const other = sessions.find((session: any) => !session.current);
      expect(current.id).toBe(owner.sessionId);
      expect(other.userAgent).toBe('switchboard-e2e/1.0');
      expect(other.ip).toEqual(expect.any(String));
      expect(new Date(other.lastUsedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it('logs out: the access and refresh tokens stop working at once', async () => {
      const owner = await registerUser(api);
      const { logout } = await gqlOk(api, 'mutation { logout }', undefined, owner.accessToken);
      expect(logout).toBe(true);
      expect((await whoAmI(api, owner.accessToken)).code).toBe('UNAUTHENTICATED');
      expect((await gqlError(api, REFRESH, { refreshToken: owner.refreshToken })).code).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('logs out everywhere: every session of the user ends', async () => {
      const owner = await registerUser(api);
      const phone = await login(api, owner);
      await gqlOk(api, 'mutation { logoutAll }', undefined, phone.accessToken);
      for (const account of [owner, phone]) {
        expect((await whoAmI(api, account.accessToken)).code).toBe('UNAUTHENTICATED');
        expect((await gqlError(api, REFRESH, { refreshToken: account.refreshToken })).code).toBe(
          'UNAUTHENTICATED',
        );
      }
    });

    it('revokes one session and leaves the others', async () => {
      const owner = await registerUser(api);
      const laptop = await login(api, owner);
      const { revokeSession } = await gqlOk(
        api,
        'mutation Revoke($id: ID!) { revokeSession(id: $id) }',
        { id: laptop.sessionId },
        owner.accessToken,
      );
      expect(revokeSession).toBe(true);
      expect((await whoAmI(api, laptop.accessToken)).code).toBe('UNAUTHENTICATED');
      expect((await whoAmI(api, owner.accessToken)).me).toBeDefined();
      const { sessions } = await gqlOk(api, SESSIONS, undefined, owner.accessToken);
      expect(sessions.map((session: any) => session.id)).toEqual([owner.sessionId]);

      const unknown = await gqlError(
        api,
        'mutation Revoke($id: ID!) { revokeSession(id: $id) }',
        { id: randomUUID() },
        owner.accessToken,
      );
      expect(unknown.code).toBe('NOT_FOUND');
    });
  });

  describe('several organizations', () => {
    it('switches to another organization the user belongs to', async () => {
      const person = await registerUser(api); // owns organization A
      const ownerB = await registerUser(api);
      const added = await addExistingMember(api, ownerB, person, 'AGENT');
      expect(added.userId).toBe(person.userId);

      const { me } = await whoAmI(api, person.accessToken);
      expect(me.organization.id).toBe(person.organizationId);
      expect(
        me.memberships
          .map((membership: any) => [membership.organization.id, membership.role])
          .sort(),
      ).toEqual(
        [
          [person.organizationId, 'OWNER'],
          [ownerB.organizationId, 'AGENT'],
        ].sort(),
      );

      const { switchOrganization } = await gqlOk(
        api,
        SWITCH,
        { organizationId: ownerB.organizationId },
        person.accessToken,
      );
      expect(switchOrganization.organization.id).toBe(ownerB.organizationId);
      expect(switchOrganization.role).toBe('AGENT');
      expect(decodeJwt(switchOrganization.accessToken).payload.org).toBe(ownerB.organizationId);
      const inB = await whoAmI(api, switchOrganization.accessToken);
      expect(inB.me.organization.id).toBe(ownerB.organizationId);
      expect(inB.me.role).toBe('AGENT');
      // In B the person is an agent: B's members are visible, managing them is not.
      expect(
        (await gqlOk(api, MEMBERS, {}, switchOrganization.accessToken)).members.totalCount,
      ).toBe(2);
      expect(
        (
          await gqlError(
            api,
            ADD_MEMBER,
            { input: { email: uniqueEmail(), name: 'X', role: 'VIEWER' } },
            switchOrganization.accessToken,
          )
        ).code,
      ).toBe('FORBIDDEN');
      // The original token still acts in A.
      expect((await whoAmI(api, person.accessToken)).me.organization.id).toBe(
        person.organizationId,
      );

      // login can pick the organization too.
      const direct = await login(api, person, ownerB.organizationId);
      expect(direct.organizationId).toBe(ownerB.organizationId);
      expect(direct.role).toBe('AGENT');
    });

    it('refuses to switch to an organization the user does not belong to', async () => {
      const person = await registerUser(api);
      const stranger = await registerUser(api);
      const error = await gqlError(
        api,
        SWITCH,
        { organizationId: stranger.organizationId },
        person.accessToken,
      );
      expect(error.code).toBe('NOT_FOUND');
      const viaLogin = await gqlError(api, LOGIN, {
        input: {
          email: person.email,
          password: person.password,
          organizationId: stranger.organizationId,
        },
      });
      expect(viaLogin.code).toBe('NOT_FOUND');
    });
  });

  describe('voice PIN', () => {
    it('sets a PIN and shows only that one exists', async () => {
      const owner = await registerUser(api);
      const { setVoicePin } = await gqlOk(api, SET_PIN, { pin: '4821' }, owner.accessToken);
      expect(setVoicePin).toEqual({ id: owner.userId, hasVoicePin: true });
      expect((await whoAmI(api, owner.accessToken)).me.user.hasVoicePin).toBe(true);
      await gqlOk(api, SET_PIN, { pin: '90817263' }, owner.accessToken);
    });

    it.each(['1111', '1234', '98765', '123', '123456789', '12a4', ''])(
      'refuses the PIN "%s"',
      async (pin) => {
        const owner = await registerUser(api);
        const error = await gqlError(api, SET_PIN, { pin }, owner.accessToken);
        expect(error.code).toBe('BAD_USER_INPUT');
        expect((await whoAmI(api, owner.accessToken)).me.user.hasVoicePin).toBe(false);
      },
    );
  });

  describe('members', () => {
    it('needs a name to invite someone who has no account', async () => {
      const owner = await registerUser(api);
      const error = await gqlError(
        api,
        ADD_MEMBER,
        { input: { email: uniqueEmail(), role: 'AGENT' } },
        owner.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
    });

    it('pages through members', async () => {
      const owner = await registerUser(api);
      for (let i = 0; i < 3; i += 1) await addMemberWithRole(api, owner, 'VIEWER');
      const first = await gqlOk(
        api,
        `query { members(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`,
        undefined,
        owner.accessToken,
      );
      expect(first.members.totalCount).toBe(4);
      expect(first.members.nodes).toHaveLength(2);
      expect(first.members.pageInfo.hasNextPage).toBe(true);
      const rest = await gqlOk(
        api,
        MEMBERS,
        { first: 10, after: first.members.pageInfo.endCursor },
        owner.accessToken,
      );
      expect(rest.members.nodes).toHaveLength(2);
      const ids = [...first.members.nodes, ...rest.members.nodes].map((node: any) => node.id);
      expect(new Set(ids).size).toBe(4);
    });

    it('lets an admin manage members below owner, but only an owner grants or changes owner', async () => {
      const owner = await registerUser(api);
      const ownerMembership = await membershipIdOf(api, owner);
      const admin = await addMemberWithRole(api, owner, 'ADMIN');
      const agent = await addMemberWithRole(api, owner, 'AGENT');

      const promoted = await gqlOk(
        api,
        UPDATE_ROLE,
        { membershipId: agent.membershipId, role: 'SUPERVISOR' },
        admin.accessToken,
      );
      expect(promoted.updateMemberRole).toEqual({ id: agent.membershipId, role: 'SUPERVISOR' });
      expect((await whoAmI(api, agent.accessToken)).me.role).toBe('SUPERVISOR');

      const refusals = [
        () =>
          gqlError(
            api,
            UPDATE_ROLE,
            { membershipId: agent.membershipId, role: 'OWNER' },
            admin.accessToken,
          ),
        () =>
          gqlError(
            api,
            ADD_MEMBER,
            { input: { email: uniqueEmail(), name: 'Boss', role: 'OWNER' } },
            admin.accessToken,
          ),
        () =>
          gqlError(
            api,
            UPDATE_ROLE,
            { membershipId: ownerMembership, role: 'ADMIN' },
            admin.accessToken,
          ),
        () => gqlError(api, REMOVE_MEMBER, { membershipId: ownerMembership }, admin.accessToken),
      ];
      for (const refusal of refusals) expect((await refusal()).code).toBe('FORBIDDEN');
      expect((await whoAmI(api, owner.accessToken)).me.role).toBe('OWNER');

      const { updateMemberRole } = await gqlOk(
        api,
        UPDATE_ROLE,
        { membershipId: agent.membershipId, role: 'OWNER' },
        owner.accessToken,
      );
      expect(updateMemberRole.role).toBe('OWNER');
    });

    it('never lets the last owner be demoted or removed', async () => {
      const owner = await registerUser(api);
      const ownMembership = await membershipIdOf(api, owner);
      const demote = await gqlError(
        api,
        UPDATE_ROLE,
        { membershipId: ownMembership, role: 'ADMIN' },
        owner.accessToken,
      );
      expect(demote.code).toBe('CONFLICT');
      const leave = await gqlError(
        api,
        REMOVE_MEMBER,
        { membershipId: ownMembership },
        owner.accessToken,
      );
      expect(leave.code).toBe('CONFLICT');

      // With a second owner, the first may step down; then the second is the last one.
      const second = await addMemberWithRole(api, owner, 'OWNER');
      await gqlOk(
        api,
        UPDATE_ROLE,
        { membershipId: ownMembership, role: 'ADMIN' },
        owner.accessToken,
      );
      expect((await whoAmI(api, owner.accessToken)).me.role).toBe('ADMIN');
      const lastOne = await gqlError(
        api,
        UPDATE_ROLE,
        { membershipId: second.membershipId, role: 'AGENT' },
        second.accessToken,
      );
      expect(lastOne.code).toBe('CONFLICT');
      // The demoted owner (now ADMIN) cannot touch the remaining owner.
      expect(
        (
          await gqlError(
            api,
            REMOVE_MEMBER,
            { membershipId: second.membershipId },
            owner.accessToken,
          )
        ).code,
      ).toBe('FORBIDDEN');
    });

    it('cuts a removed member off at once', async () => {
      const owner = await registerUser(api);
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const team = await createTeam(api, owner);
      await addTeamMember(api, owner, team.id, agent.userId);
      expect((await whoAmI(api, agent.accessToken)).me).toBeDefined();

      const { removeMember } = await gqlOk(
        api,
        REMOVE_MEMBER,
        { membershipId: agent.membershipId },
        owner.accessToken,
      );
      expect(removeMember).toBe(true);
      expect((await whoAmI(api, agent.accessToken)).code).toBe('UNAUTHENTICATED');
      expect((await gqlError(api, REFRESH, { refreshToken: agent.refreshToken })).code).toBe(
        'UNAUTHENTICATED',
      );
      expect((await gqlOk(api, MEMBERS, {}, owner.accessToken)).members.totalCount).toBe(1);
      const { team: after } = await gqlOk(api, TEAM, { id: team.id }, owner.accessToken);
      expect(after.members).toEqual([]);
      const again = await gqlError(
        api,
        REMOVE_MEMBER,
        { membershipId: agent.membershipId },
        owner.accessToken,
      );
      expect(again.code).toBe('NOT_FOUND');
    });
  });

  describe('teams', () => {
    it('creates teams and changes their members', async () => {
      const owner = await registerUser(api);
      const supervisor = await addMemberWithRole(api, owner, 'SUPERVISOR');
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const name = `Dispatch ${suffix()}`;
      const { createTeam: team } = await gqlOk(
        api,
        CREATE_TEAM,
        { input: { name, description: 'Night shift' } },
        supervisor.accessToken,
      );
      expect(team).toEqual({
        id: expect.any(String),
        name,
        description: 'Night shift',
        members: [],
      });

      const { addTeamMember: withLead } = await gqlOk(
        api,
        ADD_TEAM_MEMBER,
        { teamId: team.id, userId: agent.userId, role: 'LEAD' },
        supervisor.accessToken,
      );
      expect(withLead.members).toEqual([{ role: 'LEAD', user: { id: agent.userId } }]);
      await addTeamMember(api, supervisor, team.id, supervisor.userId);

      const { teams } = await gqlOk(api, TEAMS, undefined, agent.accessToken);
      expect(teams).toHaveLength(1);
      expect(teams[0].members).toHaveLength(2);

      const { removeTeamMember } = await gqlOk(
        api,
        REMOVE_TEAM_MEMBER,
        { teamId: team.id, userId: agent.userId },
        supervisor.accessToken,
      );
      expect(removeTeamMember.members).toEqual([
        { role: 'MEMBER', user: { id: supervisor.userId } },
      ]);
      const { team: fetched } = await gqlOk(api, TEAM, { id: team.id }, agent.accessToken);
      expect(fetched).toMatchObject({
        id: team.id,
        name,
        members: [{ role: 'MEMBER', user: { id: supervisor.userId } }],
      });
    });

    it('answers null for an unknown team and refuses outsiders and duplicate names', async () => {
      const owner = await registerUser(api);
      const outsider = await registerUser(api);
      const team = await createTeam(api, owner);
      expect((await gqlOk(api, TEAM, { id: randomUUID() }, owner.accessToken)).team).toBeNull();
      const notMember = await gqlError(
        api,
        ADD_TEAM_MEMBER,
        { teamId: team.id, userId: outsider.userId, role: 'MEMBER' },
        owner.accessToken,
      );
      expect(notMember.code).toBe('NOT_FOUND');
      const duplicate = await gqlError(
        api,
        CREATE_TEAM,
        { input: { name: team.name } },
        owner.accessToken,
      );
      expect(duplicate.code).toBe('CONFLICT');
    });
  });

  describe('API keys', () => {
    it('shows the secret once and acts with its role inside its organization', async () => {
      const owner = await registerUser(api);
      const { createApiKey: created } = await gqlOk(
        api,
        CREATE_API_KEY,
        { input: { name: 'Reporting', role: 'VIEWER' } },
        owner.accessToken,
      );
      expect(created.secret).toMatch(/^sbk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
      expect(created.apiKey).toMatchObject({
        role: 'VIEWER',
        name: 'Reporting',
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(created.secret.split('_')[1]).toBe(created.apiKey.prefix);

      const listed = await gqlOk(api, API_KEYS, undefined, owner.accessToken);
      expect(listed.apiKeys).toEqual([
        expect.objectContaining({ id: created.apiKey.id, lastUsedAt: null }),
      ]);
      expect(JSON.stringify(listed)).not.toContain(created.secret);

      const { members } = await gqlOk(api, MEMBERS, {}, created.secret);
      expect(members.nodes.map((node: any) => node.user.id)).toEqual([owner.userId]);
      expect(
        (await gqlError(api, CREATE_TEAM, { input: { name: 'Nope' } }, created.secret)).code,
      ).toBe('FORBIDDEN');
      // Person-only operations refuse keys.
      expect((await gqlError(api, ME, undefined, created.secret)).code).toBe('FORBIDDEN');
      expect((await gqlError(api, SESSIONS, undefined, created.secret)).code).toBe('FORBIDDEN');
      expect((await gqlError(api, SET_PIN, { pin: '4821' }, created.secret)).code).toBe(
        'FORBIDDEN',
      );

      const used = await gqlOk(api, API_KEYS, undefined, owner.accessToken);
      expect(new Date(used.apiKeys[0].lastUsedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it('lets an admin key manage members but not exceed its role', async () => {
      const owner = await registerUser(api);
      const key = await createApiKey(api, owner, 'ADMIN');
      const { addMember } = await gqlOk(
        api,
        ADD_MEMBER,
        { input: { email: uniqueEmail(), name: 'Via Key', role: 'AGENT' } },
        key.secret,
      );
      expect(addMember.role).toBe('AGENT');
      expect(
        (
          await gqlError(
            api,
            ADD_MEMBER,
            { input: { email: uniqueEmail(), name: 'X', role: 'OWNER' } },
            key.secret,
          )
        ).code,
      ).toBe('FORBIDDEN');
      expect(
        (await gqlError(api, CREATE_API_KEY, { input: { name: 'Up', role: 'OWNER' } }, key.secret))
          .code,
      ).toBe('FORBIDDEN');
    });

    it('refuses a key with a higher role than its creator', async () => {
      const owner = await registerUser(api);
      const admin = await addMemberWithRole(api, owner, 'ADMIN');
      const error = await gqlError(
        api,
        CREATE_API_KEY,
        { input: { name: 'Too strong', role: 'OWNER' } },
        admin.accessToken,
      );
      expect(error.code).toBe('FORBIDDEN');
      const ok = await createApiKey(api, admin, 'ADMIN');
      expect(ok.role).toBe('ADMIN');
    });

    it('stops accepting a key once it is revoked', async () => {
      const owner = await registerUser(api);
      const key = await createApiKey(api, owner, 'VIEWER');
      await gqlOk(api, MEMBERS, {}, key.secret);
      const { revokeApiKey } = await gqlOk(api, REVOKE_API_KEY, { id: key.id }, owner.accessToken);
      expect(revokeApiKey.revokedAt).toEqual(expect.any(String));
      expect((await gqlError(api, MEMBERS, {}, key.secret)).code).toBe('UNAUTHENTICATED');
      const { apiKeys } = await gqlOk(api, API_KEYS, undefined, owner.accessToken);
      expect(apiKeys[0].revokedAt).toEqual(expect.any(String));
    });

    it('refuses malformed and forged keys', async () => {
      const owner = await registerUser(api);
      const key = await createApiKey(api, owner, 'ADMIN');
      const last = key.secret.at(-1) === 'A' ? 'B' : 'A';
      for (const forged of [
        'sbk_nope',
        `${key.secret.slice(0, -1)}${last}`,
        `${key.secret}x`,
        key.secret.replace(key.prefix, 'A'.repeat(12)),
      ]) {
        expect((await gqlError(api, MEMBERS, {}, forged)).code).toBe('UNAUTHENTICATED');
      }
    });
  });

  describe('audit log', () => {
    it('records every mutation with its actor, entity and a diff without secrets', async () => {
      const owner = await registerUser(api);
      const invitedEmail = uniqueEmail('audited');
      const { addMember } = await gqlOk(
        api,
        ADD_MEMBER,
        { input: { email: invitedEmail, name: 'Audited', role: 'AGENT' } },
        owner.accessToken,
      );
      const inviteToken = tokenIn(
        await waitForMail(invitedEmail, /invited you/),
        '/invitations/accept',
      );
      const invitePassword = strongPassword();
      const { acceptInvite } = await gqlOk(api, ACCEPT_INVITE, {
        token: inviteToken,
        password: invitePassword,
      });
      const membershipId = await membershipIdOf(api, {
        accessToken: acceptInvite.accessToken,
        organizationId: owner.organizationId,
      });
      await gqlOk(api, UPDATE_ROLE, { membershipId, role: 'SUPERVISOR' }, owner.accessToken);
      const team = await createTeam(api, owner);
      await addTeamMember(api, owner, team.id, addMember.user.id);
      await gqlOk(
        api,
        REMOVE_TEAM_MEMBER,
        { teamId: team.id, userId: addMember.user.id },
        owner.accessToken,
      );
      const key = await createApiKey(api, owner, 'VIEWER');
      await gqlOk(api, REVOKE_API_KEY, { id: key.id }, owner.accessToken);
      await gqlOk(api, REMOVE_MEMBER, { membershipId }, owner.accessToken);

      const { auditLog } = await gqlOk(api, AUDIT_LOG, { first: 100 }, owner.accessToken);
      const entries: any[] = auditLog.nodes;
      expect(auditLog.totalCount).toBe(entries.length);
      const find = (action: string, entityId: string) => {
        const entry = entries.find(
          (candidate) => candidate.action === action && candidate.entityId === entityId,
        );
        if (!entry)
          throw new Error(
            `no ${action} entry for ${entityId} in ${JSON.stringify(entries, null, 1)}`,
          );
        return entry;
      };
      find('organization.created', owner.organizationId);
      expect(find('invitation.created', addMember.id)).toMatchObject({
        entityType: 'Invitation',
        actor: { id: owner.userId },
      });
      // The invitee's consent creates the membership: they are its actor.
      expect(find('invitation.accepted', addMember.id).actor).toEqual({ id: addMember.user.id });
      expect(find('member.added', membershipId)).toMatchObject({
        entityType: 'Membership',
        actor: { id: addMember.user.id },
      });
      expect(find('member.role_changed', membershipId).changes).toEqual({
        before: { role: 'AGENT' },
        after: { role: 'SUPERVISOR' },
      });
      expect(find('member.removed', membershipId).actor).toEqual({ id: owner.userId });
      expect(find('team.created', team.id).entityType).toBe('Team');
      find('team.member_added', team.id);
      find('team.member_removed', team.id);
      expect(find('api_key.created', key.id)).toMatchObject({
        entityType: 'ApiKey',
        actor: { id: owner.userId },
      });
      find('api_key.revoked', key.id);
      for (const entry of entries)
        expect(new Date(entry.createdAt).getTime()).toBeGreaterThan(Date.now() - 120_000);

      // No secret of any kind, anywhere in the log.
      const text = JSON.stringify(entries);
      for (const secret of [
        key.secret,
        inviteToken,
        invitePassword,
        owner.password,
        owner.refreshToken,
        owner.accessToken,
        acceptInvite.refreshToken,
      ]) {
        expect(text).not.toContain(secret);
      }
      const keys: string[] = [];
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') {
          for (const [name, inner] of Object.entries(value)) {
            keys.push(name);
            walk(inner);
          }
        }
      };
      entries.forEach((entry) => walk(entry.changes));
      expect(keys.filter((name) => /hash|secret|password|token|pin/i.test(name))).toEqual([]);
      expect(text).not.toMatch(/\$argon2/);
    });

    it('filters by entity and pages', async () => {
      const owner = await registerUser(api);
      const member = await addMemberWithRole(api, owner, 'AGENT');
      await gqlOk(
        api,
        UPDATE_ROLE,
        { membershipId: member.membershipId, role: 'VIEWER' },
        owner.accessToken,
      );
      const { auditLog: filtered } = await gqlOk(
        api,
        AUDIT_LOG,
        { entityType: 'Membership', entityId: member.membershipId },
        owner.accessToken,
      );
      expect(filtered.nodes.length).toBeGreaterThanOrEqual(2);
      expect(filtered.nodes.every((node: any) => node.entityId === member.membershipId)).toBe(true);
      expect(filtered.nodes.map((node: any) => node.action)).toEqual(
        expect.arrayContaining(['member.added', 'member.role_changed']),
      );

      const { auditLog: all } = await gqlOk(api, AUDIT_LOG, { first: 100 }, owner.accessToken);
      const { auditLog: page1 } = await gqlOk(api, AUDIT_LOG, { first: 2 }, owner.accessToken);
      expect(page1.nodes).toHaveLength(2);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const { auditLog: page2 } = await gqlOk(
        api,
        AUDIT_LOG,
        { first: 100, after: page1.pageInfo.endCursor },
        owner.accessToken,
      );
      expect([...page1.nodes, ...page2.nodes].map((node: any) => node.id)).toEqual(
        all.nodes.map((node: any) => node.id),
      );
    });
  });

  it('refuses every signed-in operation to anonymous callers with UNAUTHENTICATED', async () => {
    for (const query of [
      ME,
      MEMBERS,
      TEAMS,
      SESSIONS,
      API_KEYS,
      AUDIT_LOG,
      'mutation { logout }',
    ]) {
      expect((await gqlError(api, query, {})).code).toBe('UNAUTHENTICATED');
    }
  });
});
