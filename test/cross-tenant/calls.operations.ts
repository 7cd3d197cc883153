/**
 * Cross-tenant registry entries of the calls module (campaigns, calls,
 * scoring, reports, phone numbers, the live call board). Spread into
 * operations.ts: see its header for what each part means.
 */
import { gqlOk, suffix } from '../factories/identity.factory';
import {
  createCampaign,
  importCall,
  phoneNumber,
  STANDARD_CRITERIA,
} from '../factories/calls.factory';
import { TestApp } from '../utils/test-app';
import type { ForeignIdsCase, OperationCase, Seed, Snapshot, Tenant } from './operations';

const CAMPAIGN =
  'id name script scoringMode scorecard { version criteria { key description kind weight config } }';
const CALL = `id from to status externalId transcript { text } redactions scoreStatus agent { id email } campaign { id name }
  score { id overall usage { inputTokens costUsd batch } } statusTimeline { status }`;
const JOB = 'id status error call { id transcript { text } } score { id overall }';

export const CALLS_SEED: Seed = {
  name: 'calls',
  async seed(api, tenant) {
    const name = `Campaign ${tenant.label} ${suffix()}`;
    const campaign = await createCampaign(api, tenant.owner.accessToken, { name });
    const line = `Secret line ${tenant.label} ${suffix()}`;
    const call = await importCall(api, tenant.owner.accessToken, {
      campaignId: campaign.id,
      agentId: tenant.member.userId,
      externalId: `ext-${tenant.label}-${suffix()}`,
      startedAt: '2026-05-01T10:00:00.000Z',
      transcript: [
        { speaker: 'AGENT', text: line, startSec: 0, endSec: 3 },
        { speaker: 'CUSTOMER', text: 'Thank you for calling back.', startSec: 3.5, endSec: 5 },
      ],
    });
    const { scoreCall } = await gqlOk<{ scoreCall: { id: string } }>(
      api,
      'mutation ($id: ID!) { scoreCall(callId: $id) { id } }',
      { id: call.id },
      tenant.owner.accessToken,
    );
    const number = phoneNumber();
    const { addPhoneNumber } = await gqlOk<{ addPhoneNumber: { id: string } }>(
      api,
      'mutation ($input: AddPhoneNumberInput!) { addPhoneNumber(input: $input) { id } }',
      { input: { number, campaignId: campaign.id } },
      tenant.owner.accessToken,
    );
    Object.assign(tenant.ids, {
      campaignId: campaign.id,
      callId: call.id,
      scoringJobId: scoreCall.id,
      phoneNumberId: addPhoneNumber.id,
    });
    tenant.markers.push(name, line, number);
  },
};

export const CALLS_SNAPSHOT: Snapshot = {
  name: 'calls',
  query: `{ campaigns { ${CAMPAIGN} } calls(first: 100) { totalCount nodes { ${CALL} } }
    phoneNumbers { id number campaign { id } } }`,
};

/** A call in `owner`'s organization, which another tenant's call board must not show. */
async function importCallIn(api: TestApp, owner: Tenant): Promise<void> {
  await importCall(api, owner.owner.accessToken, { campaignId: owner.ids.campaignId });
}

const foreign = (
  document: string,
  variables: ForeignIdsCase['variables'],
  extra: Partial<ForeignIdsCase> = {},
): ForeignIdsCase => ({
  kind: 'foreign-ids',
  document,
  variables,
  ...extra,
});

export const CALLS_OPERATIONS: {
  Query: Record<string, OperationCase[]>;
  Mutation: Record<string, OperationCase[]>;
  Subscription: Record<string, OperationCase[]>;
} = {
  Query: {
    campaigns: [{ kind: 'self', document: `{ campaigns { ${CAMPAIGN} } }` }],
    campaign: [
      foreign(
        `query ($id: ID!) { campaign(id: $id) { ${CAMPAIGN} } }`,
        (owner) => ({ id: owner.ids.campaignId }),
        {
          denial: 'null',
        },
      ),
    ],
    call: [
      foreign(
        `query ($id: ID!) { call(id: $id) { ${CALL} } }`,
        (owner) => ({ id: owner.ids.callId }),
        { denial: 'null' },
      ),
    ],
    calls: [
      { kind: 'self', document: `{ calls(first: 100) { totalCount nodes { ${CALL} } } }` },
      foreign(
        `query ($filter: CallFilter) { calls(filter: $filter, first: 100) { totalCount nodes { ${CALL} } } }`,
        (owner) => ({
          filter: { campaignId: owner.ids.campaignId, agentId: owner.ids.memberUserId },
        }),
        {
          label: "filtered by A's campaign and agent",
          denial: 'filtered',
          check: (data) => expect(data.calls.totalCount).toBe(0),
        },
      ),
    ],
    scoringJob: [
      foreign(
        `query ($id: ID!) { scoringJob(id: $id) { ${JOB} } }`,
        (owner) => ({ id: owner.ids.scoringJobId }),
        {
          denial: 'null',
        },
      ),
    ],
    callQualityReport: [
      foreign(
        `query ($campaignId: ID!) { callQualityReport(campaignId: $campaignId, from: "2026-01-01T00:00:00Z",
          to: "2027-01-01T00:00:00Z", groupBy: AGENT) { key label calls averageScore passRate } }`,
        (owner) => ({ campaignId: owner.ids.campaignId }),
      ),
    ],
    phoneNumbers: [
      { kind: 'self', document: '{ phoneNumbers { id number campaign { id name } } }' },
    ],
  },
  Mutation: {
    createCampaign: [
      {
        kind: 'self',
        document: `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { ${CAMPAIGN} } }`,
        variables: () => ({ input: { name: `Probe ${suffix()}`, criteria: STANDARD_CRITERIA } }),
      },
    ],
    updateCampaign: [
      foreign(
        `mutation ($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(id: $id, input: $input) { ${CAMPAIGN} } }`,
        (owner) => ({
          id: owner.ids.campaignId,
          input: { name: 'Taken over', script: 'Taken', scoringMode: 'BATCH', active: false },
        }),
      ),
    ],
    updateScorecard: [
      foreign(
        `mutation ($id: ID!, $criteria: [CriterionInput!]!) { updateScorecard(campaignId: $id, criteria: $criteria) { ${CAMPAIGN} } }`,
        (owner) => ({
          id: owner.ids.campaignId,
          criteria: [{ key: 'taken', description: 'Taken over', kind: 'LLM_JUDGED', weight: 1 }],
        }),
      ),
    ],
    importCall: [
      {
        kind: 'self',
        document: `mutation ($input: ImportCallInput!) { importCall(input: $input) { ${CALL} } }`,
        variables: () => ({
          input: { direction: 'INBOUND', from: '+14155550000', to: '+14155550001', transcript: [] },
        }),
      },
      foreign(
        `mutation ($input: ImportCallInput!) { importCall(input: $input) { ${CALL} } }`,
        (owner) => ({
          input: {
            direction: 'INBOUND',
            from: '+14155550000',
            to: '+14155550001',
            transcript: [],
            campaignId: owner.ids.campaignId,
            agentId: owner.ids.memberUserId,
          },
        }),
        { label: "with A's campaign and agent", acceptedCodes: ['BAD_USER_INPUT'] },
      ),
    ],
    scoreCall: [
      foreign(
        `mutation ($id: ID!) { scoreCall(callId: $id, wait: false) { ${JOB} } }`,
        (owner) => ({
          id: owner.ids.callId,
        }),
      ),
    ],
    deleteCall: [
      // The control runs on a tenant seeded for it alone, so deleting its call spoils nothing.
      foreign('mutation ($id: ID!) { deleteCall(id: $id) }', (owner) => ({ id: owner.ids.callId })),
    ],
    addPhoneNumber: [
      {
        kind: 'self',
        document:
          'mutation ($input: AddPhoneNumberInput!) { addPhoneNumber(input: $input) { id number } }',
        variables: () => ({ input: { number: phoneNumber() } }),
      },
      foreign(
        'mutation ($input: AddPhoneNumberInput!) { addPhoneNumber(input: $input) { id number campaign { id } } }',
        (owner) => ({ input: { number: phoneNumber(), campaignId: owner.ids.campaignId } }),
        { label: "routed to A's campaign", acceptedCodes: ['BAD_USER_INPUT'] },
      ),
    ],
    updatePhoneNumber: [
      foreign(
        'mutation ($id: ID!) { updatePhoneNumber(id: $id, input: { voiceAssistant: true, smsAssistant: true }) { id voiceAssistant } }',
        (owner) => ({ id: owner.ids.phoneNumberId }),
      ),
    ],
    removePhoneNumber: [
      foreign('mutation ($id: ID!) { removePhoneNumber(id: $id) }', (owner) => ({
        id: owner.ids.phoneNumberId,
      })),
    ],
  },
  Subscription: {
    callUpdated: [
      {
        kind: 'self',
        document: 'subscription { callUpdated { id status transcript { text } } }',
        trigger: importCallIn,
      },
      foreign(
        'subscription ($campaignId: ID) { callUpdated(campaignId: $campaignId) { id status } }',
        (owner) => ({ campaignId: owner.ids.campaignId }),
        { trigger: importCallIn },
      ),
    ],
    callScored: [
      {
        kind: 'self',
        document: 'subscription { callScored { id overall call { id transcript { text } } } }',
        trigger: importCallIn,
      },
      foreign(
        'subscription ($campaignId: ID) { callScored(campaignId: $campaignId) { id overall } }',
        (owner) => ({ campaignId: owner.ids.campaignId }),
        // A score needs the scoring worker, which this spec does not run (calls-scoring covers it).
        { trigger: importCallIn, control: false },
      ),
    ],
  },
};
