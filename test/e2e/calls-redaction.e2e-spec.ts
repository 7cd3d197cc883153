import { INestApplicationContext } from '@nestjs/common';
import { addMemberWithRole, gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import { CALL, createCampaign, importCall } from '../factories/calls.factory';
import { FakeAnthropic } from '../fakes/anthropic.fake';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';

const SETTINGS = `mutation ($input: UpdateOrganizationSettingsInput!) {
  updateOrganizationSettings(input: $input) { id redactTranscripts } }`;
const ME = '{ me { organization { id redactTranscripts } } }';
const settingsEntries = (log: { nodes: Array<{ action: string }> }) =>
  log.nodes.filter((entry) => entry.action === 'organization.settings_updated');
const AUDIT_LOG = `query ($entityType: String, $entityId: ID) {
  auditLog(entityType: $entityType, entityId: $entityId, first: 100) {
    nodes { action entityType entityId changes actor { id } } } }`;

/** The card (4111 1111 1111 1111, Luhn-valid), its code and an SSN, all spoken as words. */
const CARD_WORDS = 'four one one one one one one one one one one one one one one one';
const SSN_WORDS = 'one two three four five six seven eight nine';
/** A 16-digit order number failing the Luhn check: kept. */
const ORDER_NUMBER = '4111 1111 1111 1112';

function paymentCall(): Array<Record<string, unknown>> {
  return [
    { speaker: 'CUSTOMER', text: `My card is ${CARD_WORDS} okay`, startSec: 0, endSec: 8 },
    {
      speaker: 'AGENT',
      text: `Thank you. The order ${ORDER_NUMBER} is ready. And the security code on the back?`,
      startSec: 8.5,
      endSec: 12,
    },
    { speaker: 'CUSTOMER', text: 'seven three one', startSec: 12.5, endSec: 14 },
    { speaker: 'AGENT', text: 'And your social for verification?', startSec: 14.5, endSec: 16 },
    { speaker: 'CUSTOMER', text: `It is ${SSN_WORDS}.`, startSec: 16.5, endSec: 20 },
  ];
}

const REDACTED = [
  'My card is [card number] okay',
  `Thank you. The order ${ORDER_NUMBER} is ready. And the security code on the back?`,
  '[security code]',
  'And your social for verification?',
  'It is [ssn].',
];

const NO_PROVIDER = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined };

describe('calls: transcript redaction', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({ env: NO_PROVIDER });
  });
  afterAll(async () => {
    await api.close();
  });

  it('stores an imported transcript with the card number, security code and SSN replaced and counted', async () => {
    const owner = await registerUser(api);
    const call = await importCall(api, owner.accessToken, { transcript: paymentCall() });
    expect(call.transcript.map((segment: { text: string }) => segment.text)).toEqual(REDACTED);
    const { call: read } = await gqlOk(
      api,
      `query ($id: ID!) { call(id: $id) { redactions transcript { speaker text startSec endSec } } }`,
      { id: call.id },
      owner.accessToken,
    );
    expect(read.redactions).toBe(3);
    expect(read.transcript.map((segment: { text: string }) => segment.text)).toEqual(REDACTED);
    // Timing and speakers are untouched.
    expect(read.transcript[2]).toEqual({
      speaker: 'CUSTOMER',
      text: '[security code]',
      startSec: 12.5,
      endSec: 14,
    });
    // Nothing of the numbers in the row itself, nor in the import's audit entry.
    const [row] = await api.dataSource.query(
      'SELECT transcript::text AS transcript, redactions FROM call WHERE id = $1',
      [call.id],
    );
    expect(row.redactions).toBe(3);
    expect(row.transcript).not.toContain('four one one one');
    expect(row.transcript).not.toContain('seven three one');
    expect(row.transcript).not.toContain(SSN_WORDS);
    const { auditLog } = await gqlOk(
      api,
      AUDIT_LOG,
      { entityType: 'Call', entityId: call.id },
      owner.accessToken,
    );
    expect(auditLog.nodes[0]).toMatchObject({ action: 'call.imported' });
    expect(JSON.stringify(auditLog.nodes[0].changes)).toContain('"redactions"');
  });

  it('redacts by default and stores the transcript as said once an admin switches it off', async () => {
    const owner = await registerUser(api);
    expect((await gqlOk(api, ME, {}, owner.accessToken)).me.organization.redactTranscripts).toBe(
      true,
    );
    const admin = await addMemberWithRole(api, owner, 'ADMIN');
    const { updateOrganizationSettings } = await gqlOk(
      api,
      SETTINGS,
      { input: { redactTranscripts: false } },
      admin.accessToken,
    );
    expect(updateOrganizationSettings).toEqual({
      id: owner.organizationId,
      redactTranscripts: false,
    });
    const said = paymentCall();
    const call = await importCall(api, owner.accessToken, { transcript: said });
    expect(call.transcript.map((segment: { text: string }) => segment.text)).toEqual(
      said.map((segment) => segment.text),
    );
    const { call: read } = await gqlOk(
      api,
      'query ($id: ID!) { call(id: $id) { redactions } }',
      { id: call.id },
      owner.accessToken,
    );
    expect(read.redactions).toBe(0);

    // Audited, with who did it and what changed.
    const { auditLog } = await gqlOk(
      api,
      AUDIT_LOG,
      { entityType: 'Organization', entityId: owner.organizationId },
      owner.accessToken,
    );
    const entries = settingsEntries(auditLog);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'organization.settings_updated',
      entityId: owner.organizationId,
      actor: { id: admin.userId },
    });
    expect((entries[0] as any).changes).toEqual({
      before: { redactTranscripts: true },
      after: { redactTranscripts: false },
    });

    // Switched on again: redacted again. The same value twice writes no second entry.
    await gqlOk(api, SETTINGS, { input: { redactTranscripts: true } }, owner.accessToken);
    await gqlOk(api, SETTINGS, { input: { redactTranscripts: true } }, owner.accessToken);
    const again = await importCall(api, owner.accessToken, { transcript: paymentCall() });
    expect(again.transcript.map((segment: { text: string }) => segment.text)).toEqual(REDACTED);
    const after = await gqlOk(
      api,
      AUDIT_LOG,
      { entityType: 'Organization', entityId: owner.organizationId },
      owner.accessToken,
    );
    expect(settingsEntries(after.auditLog)).toHaveLength(2);
  });

  it('refuses the switch to agents and supervisors, and to bad input, changing nothing', async () => {
    const owner = await registerUser(api);
    for (const role of ['AGENT', 'SUPERVISOR'] as const) {
      const member = await addMemberWithRole(api, owner, role);
      const error = await gqlError(
        api,
        SETTINGS,
        { input: { redactTranscripts: false } },
        member.accessToken,
      );
      expect(error.code).toBe('FORBIDDEN');
    }
    const bad = await gqlError(
      api,
      SETTINGS,
      { input: { redactTranscripts: 'no' } },
      owner.accessToken,
    );
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect((await gqlOk(api, ME, {}, owner.accessToken)).me.organization.redactTranscripts).toBe(
      true,
    );
    const call = await importCall(api, owner.accessToken, { transcript: paymentCall() });
    expect(call.transcript.map((segment: { text: string }) => segment.text)).toEqual(REDACTED);
  });

  it("changes only the caller's own organization", async () => {
    const a = await registerUser(api);
    const b = await registerUser(api);
    await gqlOk(api, SETTINGS, { input: { redactTranscripts: false } }, b.accessToken);
    expect((await gqlOk(api, ME, {}, a.accessToken)).me.organization.redactTranscripts).toBe(true);
    const call = await importCall(api, a.accessToken, { transcript: paymentCall() });
    expect(call.transcript.map((segment: { text: string }) => segment.text)).toEqual(REDACTED);
    // B's change is in B's audit log only.
    const { auditLog } = await gqlOk(
      api,
      AUDIT_LOG,
      { entityType: 'Organization', entityId: b.organizationId },
      a.accessToken,
    );
    expect(auditLog.nodes).toEqual([]);
  });

  describe('scored by Claude', () => {
    let worker: INestApplicationContext;
    let fake: FakeAnthropic;
    beforeAll(async () => {
      fake = await new FakeAnthropic().start();
      worker = await startWorker({
        env: { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url },
      });
    });
    afterAll(async () => {
      await worker.close();
      await fake.stop();
    });

    it('sends the model the redacted transcript and checks its quotes against it', async () => {
      const owner = await registerUser(api);
      const campaign = await createCampaign(api, owner.accessToken);
      const call = await importCall(api, owner.accessToken, {
        campaignId: campaign.id,
        transcript: paymentCall(),
      });
      const scored = await eventually(
        async () => {
          const { call: read } = await gqlOk(api, CALL, { id: call.id }, owner.accessToken);
          return ['SCORED', 'FAILED'].includes(read.scoreStatus) ? read : undefined;
        },
        { timeoutMs: 20_000, what: 'the call to be scored' },
      );
      expect(scored.scoreStatus).toBe('SCORED');
      const sent = JSON.stringify(fake.requests.map((request) => request.body));
      expect(sent).toContain('[card number]');
      expect(sent).not.toContain(CARD_WORDS);
      expect(sent).not.toContain(SSN_WORDS);
      // The fake quotes the first line: the redacted one passed the verbatim check.
      const judged = scored.score.criteria.find((criterion: any) => criterion.scorer === 'claude');
      expect(judged.evidence).toEqual([REDACTED[0]]);
      expect(fake.requests).toHaveLength(1);
    });
  });
});
