import { DataSource } from 'typeorm';
import { suffix } from './identity.factory';

/**
 * Automations for tests, inserted as rows (the run engine's specs do not
 * depend on the definitions API; switch to `createAutomation` once it is
 * on every branch).
 */
export async function insertAutomation(
  dataSource: DataSource,
  input: {
    organizationId: string;
    createdByUserId: string | null;
    trigger: string;
    actions: Array<{ action: string; config: Record<string, unknown> }>;
    condition?: Record<string, unknown> | null;
    triggerOptions?: Record<string, unknown>;
    name?: string;
  },
): Promise<string> {
  const [row] = await dataSource.query<Array<{ id: string }>>(
    `INSERT INTO automation (organization_id, name, trigger, trigger_options, condition, actions,
                             created_by_user_id)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7) RETURNING id`,
    [
      input.organizationId,
      input.name ?? `Automation ${suffix()}`,
      input.trigger,
      JSON.stringify(input.triggerOptions ?? {}),
      input.condition ? JSON.stringify(input.condition) : null,
      JSON.stringify(input.actions),
      input.createdByUserId,
    ],
  );
  return row.id;
}

export const RUN_FIELDS = `id status error skipReason chainDepth causedByRunId trigger event steps createdAt
  automation { id name enabled consecutiveFailures disabledReason }`;
export const AUTOMATION_RUNS = `query Runs($automationId: ID!, $first: Int, $status: JobStatus) {
  automationRuns(automationId: $automationId, first: $first, status: $status) { ${RUN_FIELDS} } }`;
export const AUTOMATION_RUN_HISTORY = `query History($automationId: ID!, $first: Int, $after: String) {
  automationRunHistory(automationId: $automationId, first: $first, after: $after) {
    edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }`;
export const RETRY_AUTOMATION_RUN = `mutation Retry($id: ID!) { retryAutomationRun(id: $id) { ${RUN_FIELDS} } }`;
