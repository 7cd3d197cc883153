/**
 * Cross-tenant registry entries of automation runs (run history, retry,
 * the automationRunUpdated subscription). Spread into operations.ts: see its
 * header for what each part means.
 */
import { insertAutomation } from '../factories/automation.factory';
import { gqlOk, suffix } from '../factories/identity.factory';
import { TestApp } from '../utils/test-app';
import type { ForeignIdsCase, OperationCase, Seed, Tenant } from './operations';

const RUN = 'id status error skipReason event steps automation { id name }';

export const AUTOMATION_RUNS_SEED: Seed = {
  name: 'automation-runs',
  async seed(api, tenant) {
    const name = `Automation ${tenant.label} ${suffix()}`;
    const automationId = await insertAutomation(api.dataSource, {
      organizationId: tenant.owner.organizationId,
      createdByUserId: tenant.owner.userId,
      name,
      trigger: 'TASK_CREATED',
      condition: { all: [{ field: 'task.title', op: 'eq', value: 'automation probe' }] },
      actions: [{ action: 'CREATE_TASK', config: { title: `probe answer ${tenant.label}` } }],
    });
    const marker = `run error ${tenant.label} ${suffix()}`;
    const [run] = await api.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO automation_run (organization_id, automation_id, trigger, event_key, status, error,
                                   steps, finished_at)
       VALUES ($1, $2, 'TASK_CREATED', $3, 'FAILED', $4, '[]'::jsonb, now()) RETURNING id`,
      [tenant.owner.organizationId, automationId, `seed:${suffix()}`, marker],
    );
    Object.assign(tenant.ids, { automationId, automationRunId: run.id });
    tenant.markers.push(name, marker);
  },
};

/** A run update in `owner`'s organization without a worker: a fresh FAILED run, retried. */
async function probeTaskIn(api: TestApp, owner: Tenant): Promise<void> {
  const [run] = await api.dataSource.query<Array<{ id: string }>>(
    `INSERT INTO automation_run (organization_id, automation_id, trigger, event_key, status, steps)
     VALUES ($1, $2, 'TASK_CREATED', $3, 'FAILED', '[]'::jsonb) RETURNING id`,
    [owner.owner.organizationId, owner.ids.automationId, `probe:${suffix()}`],
  );
  await gqlOk(
    api,
    'mutation ($id: ID!) { retryAutomationRun(id: $id) { id } }',
    { id: run.id },
    owner.owner.accessToken,
  );
}

const foreign = (
  document: string,
  variables: ForeignIdsCase['variables'],
  extra: Partial<ForeignIdsCase> = {},
): ForeignIdsCase => ({ kind: 'foreign-ids', document, variables, ...extra });

export const AUTOMATION_RUNS_OPERATIONS: {
  Query: Record<string, OperationCase[]>;
  Mutation: Record<string, OperationCase[]>;
  Subscription: Record<string, OperationCase[]>;
} = {
  Query: {
    automationRuns: [
      foreign(
        `query ($id: ID!) { automationRuns(automationId: $id, first: 50) { ${RUN} } }`,
        (owner) => ({ id: owner.ids.automationId }),
      ),
    ],
    automationRunHistory: [
      foreign(
        `query ($id: ID!) { automationRunHistory(automationId: $id, first: 50) { edges { node { ${RUN} } } } }`,
        (owner) => ({ id: owner.ids.automationId }),
      ),
    ],
  },
  Mutation: {
    retryAutomationRun: [
      foreign(`mutation ($id: ID!) { retryAutomationRun(id: $id) { ${RUN} } }`, (owner) => ({
        id: owner.ids.automationRunId,
      })),
    ],
  },
  Subscription: {
    automationRunUpdated: [
      foreign(
        `subscription ($id: ID!) { automationRunUpdated(automationId: $id) { ${RUN} } }`,
        (owner) => ({ id: owner.ids.automationId }),
        { trigger: probeTaskIn },
      ),
    ],
  },
};
