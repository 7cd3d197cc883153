import {
  ACCEPT_INVITATION,
  ACCEPT_INVITE,
  ADD_MEMBER,
  DECLINE_INVITATION,
  gqlError,
  gqlOk,
  INVITATIONS,
  login,
  MY_INVITATIONS,
  registerUser,
  REVOKE_INVITATION,
  strongPassword,
  uniqueEmail,
  VERIFY_EMAIL,
  verifyEmailOf,
} from '../factories/identity.factory';
import { graphql } from '../utils/graphql-client';
import { mailFor, tokenIn, waitForMail } from '../utils/mailbox';
import { startApi, TestApp } from '../utils/test-app';

const ME =
  '{ me { role organization { id } user { id emailVerifiedAt } memberships { organization { id } role } } }';
const MEMBERS = '{ members(first: 50) { nodes { id role user { id email } } } }';

/** Issue 14 item 1: joining an organization needs the invitee's consent; mail is real SMTP. */
describe('invitations and email verification', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({
      env: { PUBLIC_URL: 'https://switchboard.example.test', LOGIN_MAX_ATTEMPTS_PER_IP: '1000' },
    });
  });
  afterAll(() => api.close());

  const membersOf = async (token: string): Promise<Array<{ user: { email: string } }>> =>
    (
      await gqlOk<{ members: { nodes: Array<{ user: { email: string } }> } }>(
        api,
        MEMBERS,
        {},
        token,
      )
    ).members.nodes;

  it('sends a verification link on register (text and HTML, PUBLIC_URL) that works once, within 24 h', async () => {
    const person = await registerUser(api);
    expect((await gqlOk(api, ME, {}, person.accessToken)).me.user.emailVerifiedAt).toBeNull();
    const mail = await waitForMail(person.email, /Confirm your email/);
    expect(mail.from).toMatch(/@/);
    expect(mail.text).toContain('https://switchboard.example.test/verify-email?token=');
    expect(mail.html).toContain('https://switchboard.example.test/verify-email?token=');
    const token = tokenIn(mail, '/verify-email');

    const stored = await api.dataSource.query(
      `SELECT token_hash, round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours FROM email_verification
        WHERE user_id = $1`,
      [person.userId],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token); // stored hashed
    expect(stored[0].hours).toBe(24);

    expect((await gqlOk(api, VERIFY_EMAIL, { token })).verifyEmail).toBe(true);
    expect((await gqlOk(api, ME, {}, person.accessToken)).me.user.emailVerifiedAt).not.toBeNull();
    expect((await gqlError(api, VERIFY_EMAIL, { token })).code).toBe('BAD_USER_INPUT');
    expect((await gqlError(api, VERIFY_EMAIL, { token: 'made-up' })).code).toBe('BAD_USER_INPUT');
    expect(
      (await gqlError(api, 'mutation { resendVerification }', {}, person.accessToken)).code,
    ).toBe('CONFLICT');
  });

  it('refuses an expired verification link, and a resent link replaces the old one', async () => {
    const person = await registerUser(api);
    const first = tokenIn(await waitForMail(person.email, /Confirm your email/), '/verify-email');
    const seen = new Set((await mailFor(person.email)).map((mail) => mail.file));
    await gqlOk(api, 'mutation { resendVerification }', {}, person.accessToken);
    const second = tokenIn(
      await waitForMail(person.email, /Confirm your email/, { after: seen }),
      '/verify-email',
    );
    expect(second).not.toBe(first);
    expect((await gqlError(api, VERIFY_EMAIL, { token: first })).code).toBe('BAD_USER_INPUT');
    await api.dataSource.query(
      `UPDATE email_verification SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [person.userId],
    );
    expect((await gqlError(api, VERIFY_EMAIL, { token: second })).code).toBe('BAD_USER_INPUT');
  });

  it('refuses the pre-registration takeover: registering the address first gains nothing', async () => {
    const ownerB = await registerUser(api);
    const newHire = uniqueEmail('newhire');
    // The attacker registers the address before B's admin adds it.
    const attacker = await registerUser(api, { email: newHire });
    const { addMember } = await gqlOk(
      api,
      ADD_MEMBER,
      { input: { email: newHire, role: 'ADMIN' } },
      ownerB.accessToken,
    );
    expect(addMember).toMatchObject({ status: 'INVITED', role: 'ADMIN' });

    // No membership: the attacker's token and memberships show only their own organization.
    const me = (await gqlOk(api, ME, {}, attacker.accessToken)).me;
    expect(me.memberships.map((m: { organization: { id: string } }) => m.organization.id)).toEqual([
      attacker.organizationId,
    ]);
    expect((await membersOf(ownerB.accessToken)).map((m) => m.user.email)).not.toContain(newHire);
    const switched = await gqlError(
      api,
      'mutation S($organizationId: ID!) { switchOrganization(organizationId: $organizationId) { role } }',
      { organizationId: ownerB.organizationId },
      attacker.accessToken,
    );
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(switched.code);

    // The attacker sees the invitation but cannot accept it: the address is not verified.
    const { myInvitations } = await gqlOk(api, MY_INVITATIONS, {}, attacker.accessToken);
    expect(myInvitations).toHaveLength(1);
    const refused = await gqlError(
      api,
      ACCEPT_INVITATION,
      { id: myInvitations[0].id },
      attacker.accessToken,
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect((await membersOf(ownerB.accessToken)).map((m) => m.user.email)).not.toContain(newHire);

    // The real owner of the mailbox follows the emailed link, sets a password and joins;
    // the attacker's sessions end.
    const invitation = await waitForMail(newHire, /invited you/);
    const password = strongPassword();
    const { acceptInvite } = await gqlOk(api, ACCEPT_INVITE, {
      token: tokenIn(invitation, '/invitations/accept'),
      password,
    });
    expect(acceptInvite).toMatchObject({
      role: 'ADMIN',
      organization: { id: ownerB.organizationId },
    });
    const stale = await graphql(api.graphqlUrl, ME, {}, { token: attacker.accessToken });
    expect(stale.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gqlError(api, '{ me { role } }', {}, attacker.accessToken)).code).toBe(
      'UNAUTHENTICATED',
    );
    await expect(login(api, { email: newHire, password: attacker.password })).rejects.toThrow();
    await login(api, { email: newHire, password });
  });

  it('lets a verified account accept or decline signed in; nothing changes before', async () => {
    const ownerB = await registerUser(api);
    const person = await registerUser(api);
    await verifyEmailOf(api, person);
    const { addMember } = await gqlOk(
      api,
      ADD_MEMBER,
      { input: { email: person.email.toUpperCase(), role: 'SUPERVISOR' } },
      ownerB.accessToken,
    );
    expect(addMember).toMatchObject({ status: 'INVITED', user: { id: person.userId } });
    const mail = await waitForMail(person.email, /invited you/);
    expect(mail.text).toContain('SUPERVISOR');
    expect(mail.text).toContain('Sign in');

    // The emailed token does not reset a verified account's password.
    const viaToken = await gqlError(api, ACCEPT_INVITE, {
      token: tokenIn(mail, '/invitations/accept'),
      password: strongPassword(),
    });
    expect(viaToken.code).toBe('FORBIDDEN');
    expect((await membersOf(ownerB.accessToken)).map((m) => m.user.email)).not.toContain(
      person.email,
    );

    // Another person cannot act on it.
    const stranger = await registerUser(api);
    await verifyEmailOf(api, stranger);
    expect(
      (await gqlError(api, ACCEPT_INVITATION, { id: addMember.id }, stranger.accessToken)).code,
    ).toBe('NOT_FOUND');

    const { acceptInvitation } = await gqlOk(
      api,
      ACCEPT_INVITATION,
      { id: addMember.id },
      person.accessToken,
    );
    expect(acceptInvitation).toMatchObject({
      role: 'SUPERVISOR',
      organization: { id: ownerB.organizationId },
    });
    expect((await membersOf(ownerB.accessToken)).map((m) => m.user.email)).toContain(person.email);
    expect(
      (await gqlError(api, ACCEPT_INVITATION, { id: addMember.id }, person.accessToken)).code,
    ).toBe('CONFLICT');
    // Already a member: a second invitation is refused.
    expect(
      (
        await gqlError(
          api,
          ADD_MEMBER,
          { input: { email: person.email, role: 'AGENT' } },
          ownerB.accessToken,
        )
      ).code,
    ).toBe('CONFLICT');

    // Declining: no membership, the admin sees DECLINED.
    const ownerC = await registerUser(api);
    const invitedC = await gqlOk(
      api,
      ADD_MEMBER,
      { input: { email: person.email, role: 'AGENT' } },
      ownerC.accessToken,
    );
    const { declineInvitation } = await gqlOk(
      api,
      DECLINE_INVITATION,
      { id: invitedC.addMember.id },
      person.accessToken,
    );
    expect(declineInvitation.status).toBe('DECLINED');
    expect((await membersOf(ownerC.accessToken)).map((m) => m.user.email)).not.toContain(
      person.email,
    );
    const { invitations } = await gqlOk(api, INVITATIONS, {}, ownerC.accessToken);
    expect(invitations).toEqual([
      expect.objectContaining({
        email: person.email,
        status: 'DECLINED',
        invitedBy: { id: ownerC.userId },
      }),
    ]);
    const { auditLog } = await gqlOk(
      api,
      '{ auditLog(first: 50) { nodes { action entityId actor { id } } } }',
      {},
      ownerC.accessToken,
    );
    expect(auditLog.nodes.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['invitation.created', 'invitation.declined']),
    );
  });

  it('revokes and expires invitations: their links stop working', async () => {
    const owner = await registerUser(api);
    const email = uniqueEmail('revoked');
    const { addMember } = await gqlOk(
      api,
      ADD_MEMBER,
      { input: { email, name: 'Revoked Person', role: 'AGENT' } },
      owner.accessToken,
    );
    const token = tokenIn(await waitForMail(email, /invited you/), '/invitations/accept');
    const { revokeInvitation } = await gqlOk(
      api,
      REVOKE_INVITATION,
      { id: addMember.id },
      owner.accessToken,
    );
    expect(revokeInvitation.status).toBe('REVOKED');
    expect((await gqlError(api, ACCEPT_INVITE, { token, password: strongPassword() })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await gqlError(api, REVOKE_INVITATION, { id: addMember.id }, owner.accessToken)).code,
    ).toBe('CONFLICT');

    // Invited again: a new link; it expires after 7 days.
    const seen = new Set((await mailFor(email)).map((mail) => mail.file));
    const again = await gqlOk(
      api,
      ADD_MEMBER,
      { input: { email, role: 'AGENT' } },
      owner.accessToken,
    );
    const second = tokenIn(
      await waitForMail(email, /invited you/, { after: seen }),
      '/invitations/accept',
    );
    const [row] = await api.dataSource.query(
      'SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM invitation WHERE id = $1',
      [again.addMember.id],
    );
    expect(row.days).toBe(7);
    await api.dataSource.query(
      `UPDATE invitation SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [again.addMember.id],
    );
    expect(
      (await gqlError(api, ACCEPT_INVITE, { token: second, password: strongPassword() })).code,
    ).toBe('UNAUTHENTICATED');
    const { invitations } = await gqlOk(api, INVITATIONS, { status: 'EXPIRED' }, owner.accessToken);
    expect(invitations.map((i: { id: string }) => i.id)).toEqual([again.addMember.id]);
    expect((await membersOf(owner.accessToken)).map((m) => m.user.email)).not.toContain(email);
  });

  it('keeps every message in sent_mail, readable by the OWNER only, without a token for the admin', async () => {
    const owner = await registerUser(api);
    const email = uniqueEmail('kept');
    await gqlOk(
      api,
      ADD_MEMBER,
      { input: { email, name: 'Kept', role: 'VIEWER' } },
      owner.accessToken,
    );
    await waitForMail(email, /invited you/);
    const { sentMail } = await gqlOk(
      api,
      '{ sentMail { kind toAddress subject text status } }',
      {},
      owner.accessToken,
    );
    expect(sentMail).toEqual([
      expect.objectContaining({ kind: 'invitation', toAddress: email, status: 'SENT' }),
    ]);
    const admin = await (async () => {
      const adminEmail = uniqueEmail('admin');
      await gqlOk(
        api,
        ADD_MEMBER,
        { input: { email: adminEmail, name: 'Admin', role: 'ADMIN' } },
        owner.accessToken,
      );
      const { acceptInvite } = await gqlOk(api, ACCEPT_INVITE, {
        token: tokenIn(await waitForMail(adminEmail, /invited you/), '/invitations/accept'),
        password: strongPassword(),
      });
      return acceptInvite.accessToken as string;
    })();
    expect((await gqlError(api, '{ sentMail { id } }', {}, admin)).code).toBe('FORBIDDEN');
  });
});

describe('mail without SMTP', () => {
  it('writes mail to the log and to sent_mail (LOGGED) when SMTP_URL is not set', async () => {
    const api = await startApi({ env: { SMTP_URL: undefined } });
    try {
      const owner = await registerUser(api);
      const email = uniqueEmail('logged');
      await gqlOk(
        api,
        ADD_MEMBER,
        { input: { email, name: 'Logged', role: 'VIEWER' } },
        owner.accessToken,
      );
      let status: string | undefined;
      for (let i = 0; i < 100 && status !== 'LOGGED'; i++) {
        const { sentMail } = await gqlOk(
          api,
          '{ sentMail { status text } }',
          {},
          owner.accessToken,
        );
        status = sentMail[0]?.status;
        if (status !== 'LOGGED') await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe('LOGGED');
      expect(await mailFor(email)).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
