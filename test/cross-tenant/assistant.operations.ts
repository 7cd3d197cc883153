/**
 * Cross-tenant registry entries of the assistant (askAssistant, agentRuns,
 * agentRun). Spread into operations.ts: see its header for what each part
 * means. Tenant A's conversation, run and pending confirmation must be
 * NOT_FOUND or invisible to B, and B's assistant must never act on A's data.
 */
import { gqlOk, suffix } from '../factories/identity.factory';
import { createTask } from '../factories/task.factory';
import type { ForeignIdsCase, OperationCase, Seed, Snapshot } from './operations';

const REPLY =
  'id text status conversationId planner toolCalls { name input output outcome } confirmation { summary }';
const RUN =
  'id input reply status planner channel toolCalls { name input output } actor { id email }';
const ASK = `mutation ($text: String!, $conversationId: ID, $confirm: String) {
  askAssistant(text: $text, conversationId: $conversationId, confirm: $confirm) { ${REPLY} } }`;

export const ASSISTANT_SEED: Seed = {
  name: 'assistant',
  async seed(api, tenant) {
    const title = `Snow chains ${tenant.label} ${suffix()}`;
    const task = await createTask(api, tenant.owner.accessToken, { title });
    const ask = async (text: string) =>
      (
        await gqlOk<{
          askAssistant: {
            id: string;
            conversationId: string;
            confirmation: { token: string } | null;
          };
        }>(
          api,
          'mutation ($text: String!) { askAssistant(text: $text) { id conversationId confirmation { token } } }',
          { text },
          tenant.owner.accessToken,
        )
      ).askAssistant;
    const listed = await ask('list open tasks');
    // A destructive request waiting for its confirmation: B's "yes" or B holding the token must not run it.
    const pending = await ask(`delete the ${title} task`);
    if (!pending.confirmation) throw new Error('the seed expected a confirmation question');
    Object.assign(tenant.ids, {
      agentRunId: listed.id,
      conversationId: pending.conversationId,
      assistantTaskId: task.id,
    });
    tenant.secrets.confirmationToken = pending.confirmation.token;
    tenant.markers.push(title);
  },
};

export const ASSISTANT_SNAPSHOT: Snapshot = {
  name: 'assistant',
  query: `{ agentRuns(first: 100) { totalCount nodes { ${RUN} } } }`,
};

const foreign = (
  document: string,
  variables: ForeignIdsCase['variables'],
  extra: Partial<ForeignIdsCase> = {},
): ForeignIdsCase => ({ kind: 'foreign-ids', document, variables, ...extra });

export const ASSISTANT_OPERATIONS: {
  Query: Record<string, OperationCase[]>;
  Mutation: Record<string, OperationCase[]>;
} = {
  Query: {
    agentRuns: [
      { kind: 'self', document: `{ agentRuns(first: 100) { totalCount nodes { ${RUN} } } }` },
    ],
    agentRun: [
      foreign(
        `query ($id: ID!) { agentRun(id: $id) { ${RUN} } }`,
        (owner) => ({ id: owner.ids.agentRunId }),
        {
          denial: 'null',
        },
      ),
    ],
  },
  Mutation: {
    askAssistant: [
      { kind: 'self', document: ASK, variables: () => ({ text: 'list open tasks' }) },
      foreign(
        ASK,
        (owner) => ({ text: 'list open tasks', conversationId: owner.ids.conversationId }),
        {
          label: "in A's conversation",
        },
      ),
      foreign(ASK, (owner) => ({ text: 'yes', confirm: owner.secrets.confirmationToken }), {
        label: "with A's confirmation token",
        denial: 'filtered',
        control: false,
        check: (data) => {
          expect(data.askAssistant.status).toBe('REFUSED');
          expect(data.askAssistant.toolCalls).toEqual([]);
        },
      }),
      foreign(ASK, (owner) => ({ text: `complete task ${owner.ids.assistantTaskId}` }), {
        label: "naming A's task id",
        denial: 'filtered',
        control: false,
        check: (data) =>
          expect(
            data.askAssistant.toolCalls.filter(
              (call: { outcome: string }) => call.outcome === 'ok',
            ),
          ).toEqual([]),
      }),
    ],
  },
};
