/**
 * Cross-tenant registry entries of automation webhooks (the signing secret
 * rotation). Spread into operations.ts: see its header for what each part
 * means.
 */
import { suffix } from '../factories/identity.factory';
import type { OperationCase, Seed } from './operations';

/**
 * An automation of the tenant (as a row: the definitions API has its own
 * seed), whose webhook secret another tenant must not rotate.
 */
export const AUTOMATION_WEBHOOKS_SEED: Seed = {
  name: 'automation webhooks',
  async seed(api, tenant) {
    const name = `Automation ${tenant.label} ${suffix()}`;
    const [row] = await api.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO automation (organization_id, name, trigger, actions, created_by_user_id)
       VALUES ($1, $2, 'TASK_CREATED', '[]', $3) RETURNING id`,
      [tenant.owner.organizationId, name, tenant.owner.userId],
    );
    tenant.ids.webhookAutomationId = row.id;
  },
};

export const AUTOMATION_WEBHOOKS_OPERATIONS: { Mutation: Record<string, OperationCase[]> } = {
  Mutation: {
    rotateAutomationWebhookSecret: [
      {
        kind: 'foreign-ids',
        document: `mutation ($automationId: ID!) {
          rotateAutomationWebhookSecret(automationId: $automationId) { secret previousValidUntil }
        }`,
        variables: (owner) => ({ automationId: owner.ids.webhookAutomationId }),
      },
    ],
  },
};
