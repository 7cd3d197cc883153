import { addMemberWithRole, gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import { NamedStatements } from '@/database/named-statement';
import { graphql } from '../utils/graphql-client';
import { eventually, startApi, TestApp } from '../utils/test-app';

/**
 * The live-session check's answer serves a session's next requests
 * (SESSION_CHECK_CACHE_MS, a minute here so that only the changes below can
 * end it), and every access change ends it: at once on the instance that
 * made the change, and over pub/sub on another instance.
 */
describe('live-session checks', () => {
  let api: TestApp;
  let other: TestApp;
  const env = { SESSION_CHECK_CACHE_MS: '60000' };

  beforeAll(async () => {
    api = await startApi({ env });
    other = await startApi({ env });
  });

  afterAll(async () => {
    await other?.close();
    await api?.close();
  });

  const ROLE = '{ me { role } }';
  const CREATE_TASK = `mutation { createTask(input: { title: "checked" }) { id } }`;
  const UPDATE_ROLE = `mutation ($id: ID!, $role: Role!) { updateMemberRole(membershipId: $id, role: $role) { id } }`;
  const REMOVE = `mutation ($id: ID!) { removeMember(membershipId: $id) }`;

  /**
   * Waits until `token`'s `me.role` on `app` is `expected` (a role, or an
   * error code): the other instance learns of changes over pub/sub.
   */
  const becomes = (app: TestApp, token: string, expected: string) =>
    eventually(
      async () => {
        const { body } = await graphql<{ me: { role: string } }>(app.graphqlUrl, ROLE, undefined, {
          token,
        });
        const seen = body.data?.me.role ?? body.errors?.[0]?.extensions?.code;
        return seen === expected ? seen : undefined;
      },
      { timeoutMs: 5000, what: `me.role to become ${expected}` },
    );

  /** Live-session checks `work` sends to the database (a named statement on the pool). */
  /** The session checks `app` sends to PostgreSQL while `work` runs. */
  async function sessionChecks(app: TestApp, work: () => Promise<void>): Promise<number> {
    const run = jest.spyOn(NamedStatements.prototype, 'runPooled');
    const own = app.app.get(NamedStatements);
    try {
      await work();
      return run.mock.calls.filter(
        ([statement], i) => run.mock.contexts[i] === own && statement.name === 'auth.live-session',
      ).length;
    } finally {
      run.mockRestore();
    }
  }

  it('checks a session once for a burst of its requests', async () => {
    const owner = await registerUser(api);
    const checks = await sessionChecks(api, async () => {
      for (let i = 0; i < 5; i += 1) await gqlOk(api, ROLE, undefined, owner.accessToken);
    });
    expect(checks).toBe(1);
  });

  it('applies a role change at once, here and on another instance', async () => {
    const owner = await registerUser(api);
    const agent = await addMemberWithRole(api, owner, 'AGENT');
    await gqlOk(api, CREATE_TASK, undefined, agent.accessToken);
    await gqlOk(other, CREATE_TASK, undefined, agent.accessToken);

    await gqlOk(api, UPDATE_ROLE, { id: agent.membershipId, role: 'VIEWER' }, owner.accessToken);
    expect((await gqlError(api, CREATE_TASK, undefined, agent.accessToken)).code).toBe('FORBIDDEN');
    await becomes(other, agent.accessToken, 'VIEWER');
    expect((await gqlError(other, CREATE_TASK, undefined, agent.accessToken)).code).toBe(
      'FORBIDDEN',
    );

    await gqlOk(api, UPDATE_ROLE, { id: agent.membershipId, role: 'AGENT' }, owner.accessToken);
    await gqlOk(api, CREATE_TASK, undefined, agent.accessToken);
  });

  it('refuses a session at once after logout, here and on another instance', async () => {
    const owner = await registerUser(api);
    await gqlOk(api, ROLE, undefined, owner.accessToken);
    await gqlOk(other, ROLE, undefined, owner.accessToken);

    await gqlOk(api, 'mutation { logout }', undefined, owner.accessToken);
    expect((await gqlError(api, ROLE, undefined, owner.accessToken)).code).toBe('UNAUTHENTICATED');
    await becomes(other, owner.accessToken, 'UNAUTHENTICATED');
  });

  it('refuses a removed member at once, here and on another instance', async () => {
    const owner = await registerUser(api);
    const agent = await addMemberWithRole(api, owner, 'AGENT');
    await gqlOk(api, ROLE, undefined, agent.accessToken);
    await gqlOk(other, ROLE, undefined, agent.accessToken);

    await gqlOk(other, REMOVE, { id: agent.membershipId }, owner.accessToken);
    expect((await gqlError(other, ROLE, undefined, agent.accessToken)).code).toBe(
      'UNAUTHENTICATED',
    );
    await becomes(api, agent.accessToken, 'UNAUTHENTICATED');
  });
});
