import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import request from 'supertest';
import { Endpoint, gqlOk, suffix } from './identity.factory';

export const CAMPAIGN_FIELDS = `id name script active createdAt
  scorecard { version createdAt criteria { key description kind weight config } }`;
export const CALL_FIELDS = `id direction from to status twilioCallSid externalId startedAt endedAt durationSec
  recordingUrl scoreStatus createdAt agent { id } campaign { id }
  transcript { speaker text startSec endSec } statusTimeline { status at }
  score { id overall scorer model scorecardVersion criteria { key score weight passed evidence rationale scorer }
    metrics { agentTalkRatio customerTalkRatio silenceRatio longestMonologueSec interruptions agentWordsPerMinute questionsAsked } }`;
export const JOB_FIELDS = `id status error call { id scoreStatus } score { id overall scorer scorecardVersion
  criteria { key score passed evidence rationale scorer } }`;

export const CREATE_CAMPAIGN = `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { ${CAMPAIGN_FIELDS} } }`;
export const UPDATE_SCORECARD = `mutation ($campaignId: ID!, $criteria: [CriterionInput!]!) {
  updateScorecard(campaignId: $campaignId, criteria: $criteria) { ${CAMPAIGN_FIELDS} } }`;
export const IMPORT_CALL = `mutation ($input: ImportCallInput!) { importCall(input: $input) { ${CALL_FIELDS} } }`;
export const SCORE_CALL = `mutation ($callId: ID!, $wait: Boolean) { scoreCall(callId: $callId, wait: $wait) { ${JOB_FIELDS} } }`;
export const CALL = `query ($id: ID!) { call(id: $id) { ${CALL_FIELDS} } }`;
export const CALLS = `query ($filter: CallFilter, $first: Int, $after: String) {
  calls(filter: $filter, first: $first, after: $after) {
    totalCount nodes { id status scoreStatus score { overall } agent { id } campaign { id } }
    pageInfo { hasNextPage endCursor } } }`;
export const REPORT = `query ($campaignId: ID!, $from: DateTime!, $to: DateTime!, $groupBy: ReportGrouping!) {
  callQualityReport(campaignId: $campaignId, from: $from, to: $to, groupBy: $groupBy) { key label calls averageScore passRate } }`;
export const ADD_PHONE_NUMBER = `mutation ($input: AddPhoneNumberInput!) { addPhoneNumber(input: $input) { id number campaign { id } } }`;

/** A scorecard with one criterion of each kind. */
export const STANDARD_CRITERIA = [
  {
    key: 'greeting',
    description: 'Agent greets the customer and gives their name',
    kind: 'PHRASE_REQUIRED',
    weight: 2,
    config: { phrases: ['thank you for calling'], speaker: 'AGENT', withinSec: 30 },
  },
  {
    key: 'no_guarantees',
    description: 'Agent makes no guarantees about returns',
    kind: 'PHRASE_FORBIDDEN',
    weight: 1,
    config: { phrases: ['guaranteed', 'I promise'] },
  },
  {
    key: 'listening',
    description: 'Agent lets the customer talk',
    kind: 'METRIC_THRESHOLD',
    weight: 1,
    config: { metric: 'agentTalkRatio', op: 'lte', value: 0.8 },
  },
  {
    key: 'empathy',
    description: 'Agent shows empathy for the customer problem with the delivery',
    kind: 'LLM_JUDGED',
    weight: 4,
    config: { guidance: 'Look for apologies and acknowledgement of the problem.' },
  },
];

/** About a minute of a support call, well formed. */
export function sampleTranscript(): Array<Record<string, unknown>> {
  return [
    {
      speaker: 'AGENT',
      text: 'Hello, thank you for calling Acme, this is Dana.',
      startSec: 0,
      endSec: 4,
    },
    {
      speaker: 'CUSTOMER',
      text: 'Hi, my delivery is late again and I am annoyed.',
      startSec: 4.5,
      endSec: 9,
    },
    {
      speaker: 'AGENT',
      text: 'I am so sorry about the delivery problem, I understand.',
      startSec: 9.5,
      endSec: 14,
    },
    { speaker: 'AGENT', text: 'Can you give me your order number?', startSec: 14, endSec: 16 },
    { speaker: 'CUSTOMER', text: 'Sure, it is 4 4 1 2.', startSec: 16.5, endSec: 19 },
    {
      speaker: 'AGENT',
      text: 'Thank you. I have rushed it, it will arrive tomorrow.',
      startSec: 20,
      endSec: 26,
    },
    { speaker: 'CUSTOMER', text: 'Great, thanks for the help.', startSec: 26.5, endSec: 28 },
  ];
}

export interface CreatedCampaign {
  id: string;
  name: string;
  scorecard: { version: number; criteria: Array<{ key: string; weight: number; kind: string }> };
}

export async function createCampaign(
  api: Endpoint,
  token: string,
  input: Record<string, unknown> = {},
): Promise<CreatedCampaign> {
  const data = await gqlOk<{ createCampaign: CreatedCampaign }>(
    api,
    CREATE_CAMPAIGN,
    { input: { name: `Campaign ${suffix()}`, criteria: STANDARD_CRITERIA, ...input } },
    token,
  );
  return data.createCampaign;
}

export async function importCall(
  api: Endpoint,
  token: string,
  input: Record<string, unknown> = {},
): Promise<Record<string, any>> {
  const data = await gqlOk<{ importCall: Record<string, any> }>(
    api,
    IMPORT_CALL,
    {
      input: {
        direction: 'INBOUND',
        from: '+14155550111',
        to: '+14155550100',
        transcript: sampleTranscript(),
        ...input,
      },
    },
    token,
  );
  return data.importCall;
}

/** A unique E.164 number for a test. */
export const phoneNumber = (): string =>
  `+1415${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;

/**
 * POSTs a Twilio webhook the way Twilio does: form-encoded, signed with the
 * real algorithm (HMAC-SHA1 over the URL and sorted parameters) for `signedUrl`.
 */
export function postTwilio(
  app: { url: string },
  path: string,
  params: Record<string, string>,
  options: { authToken: string; signedUrl: string; headers?: Record<string, string> },
): request.Test {
  const signature = getExpectedTwilioSignature(options.authToken, options.signedUrl, params);
  let call = request(app.url)
    .post(path)
    .type('form')
    .set('X-Twilio-Signature', signature)
    .send(params);
  for (const [name, value] of Object.entries(options.headers ?? {})) call = call.set(name, value);
  return call;
}
