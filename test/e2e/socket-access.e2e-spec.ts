import { Client } from 'graphql-ws';
import {
  addMemberWithRole,
  createApiKey,
  CREATE_API_KEY,
  gqlOk,
  registerUser,
} from '../factories/identity.factory';
import { startApi, TestApp } from '../utils/test-app';
import { connect } from '../utils/ws-client';

const UPDATE_ROLE = `mutation UpdateRole($membershipId: ID!, $role: Role!) {
  updateMemberRole(membershipId: $membershipId, role: $role) { id role } }`;
const AUDIT_LOG = '{ auditLog(first: 5) { totalCount } }';

/** One query or mutation over an open socket: its first result. */
function execute(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{
  data?: unknown;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}> {
  return new Promise((resolve, reject) => {
    let result: unknown;
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value),
        error: (error) =>
          Array.isArray(error) ? resolve({ errors: error }) : reject(error as Error),
        complete: () => resolve(result as never),
      },
    );
  });
}

const codeOf = (result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  result.errors?.[0]?.extensions?.code;

/**
 * Issue 14 item 2: an operation over an open socket is checked like an HTTP
 * request, with the member's current role, not the one of `connection_init`.
 */
describe('socket operations are re-checked like requests', () => {
  let api: TestApp;
  const clients: Client[] = [];

  beforeAll(async () => {
    api = await startApi({ env: { LOGIN_MAX_ATTEMPTS_PER_IP: '100000' } });
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await api.close();
  });

  const open = (token: string): Client => {
    const client = connect(api.wsUrl, { authorization: `Bearer ${token}` });
    clients.push(client);
    return client;
  };

  it('applies a demotion to the next operation over the same socket', async () => {
    const owner = await registerUser(api);
    const admin = await addMemberWithRole(api, owner, 'ADMIN');
    const socket = open(admin.accessToken);
    expect(codeOf(await execute(socket, AUDIT_LOG))).toBeUndefined();

    await gqlOk(
      api,
      UPDATE_ROLE,
      { membershipId: admin.membershipId, role: 'AGENT' },
      owner.accessToken,
    );

    const minted = await execute(socket, CREATE_API_KEY, {
      input: { name: 'escalation', role: 'ADMIN' },
    });
    expect(codeOf(minted)).toBe('FORBIDDEN');
    expect(codeOf(await execute(socket, AUDIT_LOG))).toBe('FORBIDDEN');
    const keys = await api.dataSource.query(
      'SELECT count(*)::int AS n FROM api_key WHERE organization_id = $1',
      [owner.organizationId],
    );
    expect(keys[0].n).toBe(0);
    // What an AGENT may do still works on that socket.
    expect(codeOf(await execute(socket, '{ me { role } }'))).toBeUndefined();
    expect(await execute(socket, '{ me { role } }')).toMatchObject({
      data: { me: { role: 'AGENT' } },
    });
  });

  it('refuses a revoked API key on a socket opened before the revocation', async () => {
    const owner = await registerUser(api);
    const key = await createApiKey(api, owner, 'ADMIN');
    const socket = open(key.secret);
    expect(codeOf(await execute(socket, AUDIT_LOG))).toBeUndefined();
    // Revoked straight in the database: no broadcast closes the socket, the per-operation check must refuse.
    await api.dataSource.query('UPDATE api_key SET revoked_at = now() WHERE id = $1', [key.id]);
    const after = await execute(socket, AUDIT_LOG).catch((error: unknown) => ({
      errors: [{ message: String(error), extensions: { code: 'CLOSED' } }],
    }));
    expect(['UNAUTHENTICATED', 'CLOSED']).toContain(codeOf(after));
    expect(after).not.toHaveProperty('data.auditLog');
  });
});
