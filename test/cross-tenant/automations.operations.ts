/**
 * Cross-tenant registry entries of automation definitions (issue 20).
 * Spread into operations.ts: see its header for what each part means.
 */
import { suffix } from '../factories/identity.factory';
import type { ForeignIdsCase, OperationCase, Seed, Snapshot } from './operations';

const AUTOMATION =
  'id name enabled trigger condition actions { action config } triggerOptions { minutesBefore }';

/**
 * An automation with a tenant-only Slack text, written with SQL: which
 * executors a server has depends on the build, and the seed must not. It is
 * disabled, so the other specs' task writes never run it.
 */
export const AUTOMATIONS_SEED: Seed = {
  name: 'automations',
  async seed(api, tenant) {
    const name = `Automation ${tenant.label} ${suffix()}`;
    const text = `Slack text ${tenant.label} ${suffix()} {{task.title}}`;
    const [row] = await api.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO automation (organization_id, name, enabled, trigger, condition, actions, created_by_user_id)
       VALUES ($1, $2, false, 'TASK_CREATED', $3, $4, $5) RETURNING id`,
      [
        tenant.ids.organizationId,
        name,
        JSON.stringify({ all: [{ field: 'task.priority', op: 'eq', value: 'HIGH' }] }),
        JSON.stringify([{ action: 'NOTIFY_SLACK', config: { text } }]),
        tenant.ids.ownerUserId,
      ],
    );
    tenant.ids.automationId = row.id;
    tenant.markers.push(name, text);
  },
};

export const AUTOMATIONS_SNAPSHOT: Snapshot = {
  name: 'automations',
  query: `{ automations { ${AUTOMATION} } }`,
};

const foreign = (
  document: string,
  variables: ForeignIdsCase['variables'],
  extra: Partial<ForeignIdsCase> = {},
): ForeignIdsCase => ({ kind: 'foreign-ids', document, variables, ...extra });

export const AUTOMATIONS_OPERATIONS: {
  Query: Record<string, OperationCase[]>;
  Mutation: Record<string, OperationCase[]>;
} = {
  Query: {
    automations: [{ kind: 'self', document: `{ automations { ${AUTOMATION} } }` }],
    automation: [
      foreign(
        `query ($id: ID!) { automation(id: $id) { ${AUTOMATION} } }`,
        (owner) => ({ id: owner.ids.automationId }),
        { denial: 'null' },
      ),
    ],
    testAutomation: [
      foreign(
        `query ($id: ID!, $sample: JSON!) { testAutomation(id: $id, sample: $sample) {
          conditionMatched event steps { index action summary preview } } }`,
        (owner) => ({
          id: owner.ids.automationId,
          sample: { task: { title: 'Probe', priority: 'HIGH' } },
        }),
      ),
    ],
  },
  Mutation: {
    createAutomation: [
      foreign(
        `mutation ($input: CreateAutomationInput!) { createAutomation(input: $input) { ${AUTOMATION} } }`,
        (owner) => ({
          input: {
            name: `Probe ${suffix()}`,
            trigger: 'TASK_CREATED',
            actions: [
              {
                action: 'CREATE_TASK',
                config: {
                  title: 'Follow up {{task.title}}',
                  assigneeId: owner.ids.memberUserId,
                  teamId: owner.ids.teamId,
                },
              },
            ],
          },
        }),
        {
          label: "a step assigning to A's member and team",
          acceptedCodes: ['BAD_USER_INPUT'],
        },
      ),
    ],
    updateAutomation: [
      foreign(
        `mutation ($id: ID!) { updateAutomation(id: $id, input: { name: "Renamed by B" }) { ${AUTOMATION} } }`,
        (owner) => ({ id: owner.ids.automationId }),
      ),
    ],
    setAutomationEnabled: [
      foreign(
        `mutation ($id: ID!) { setAutomationEnabled(id: $id, enabled: true) { ${AUTOMATION} } }`,
        (owner) => ({ id: owner.ids.automationId }),
      ),
    ],
    deleteAutomation: [
      foreign('mutation ($id: ID!) { deleteAutomation(id: $id) }', (owner) => ({
        id: owner.ids.automationId,
      })),
    ],
  },
};
