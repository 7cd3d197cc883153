import { randomUUID } from 'node:crypto';
import {
  Account,
  Member,
  addMemberWithRole,
  createTeam,
  gqlOk,
  registerUser,
} from '../factories/identity.factory';
import { createCampaign } from '../factories/calls.factory';
import { createTask } from '../factories/task.factory';
import { startApi, TestApp } from '../utils/test-app';

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Issue 14 item 8: the database itself keeps references inside one
 * organization. Every write here is raw SQL, past the services' own checks.
 */
describe('referential integrity', () => {
  let api: TestApp;
  let a: Account;
  let b: Account;
  let teamOfB: { id: string };
  let taskOfB: { id: string };

  beforeAll(async () => {
    api = await startApi();
    a = await registerUser(api);
    b = await registerUser(api);
    teamOfB = await createTeam(api, b);
    taskOfB = await createTask(api, b.accessToken, { title: 'B only' });
  });
  afterAll(() => api.close());

  const sqlError = async (sql: string, parameters: unknown[]): Promise<string | undefined> => {
    try {
      await api.dataSource.query(sql, parameters);
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };
  const insertTask = (columns: Record<string, string | null>) => {
    const names = ['organization_id', 'title', 'position', 'source', ...Object.keys(columns)];
    const values = [a.organizationId, 'raw', 1, 'API', ...Object.values(columns)];
    return sqlError(
      `INSERT INTO task (${names.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
  };

  it('refuses a task whose team, parent or assignee belongs to another organization', async () => {
    expect(await insertTask({ team_id: teamOfB.id })).toBe(FOREIGN_KEY_VIOLATION);
    expect(await insertTask({ parent_id: taskOfB.id })).toBe(FOREIGN_KEY_VIOLATION);
    // B's owner is a user, but not a member of A.
    expect(await insertTask({ assignee_id: b.userId })).toBe(FOREIGN_KEY_VIOLATION);
    expect(await insertTask({ team_id: randomUUID() })).toBe(FOREIGN_KEY_VIOLATION);
    // The same columns pointing inside A are accepted.
    const teamOfA = await createTeam(api, a);
    expect(await insertTask({ team_id: teamOfA.id, assignee_id: a.userId })).toBeUndefined();

    // Moving an existing row across the boundary is refused too.
    const mine = await createTask(api, a.accessToken, { title: 'mine' });
    expect(
      await sqlError('UPDATE task SET parent_id = $2 WHERE id = $1', [mine.id, taskOfB.id]),
    ).toBe(FOREIGN_KEY_VIOLATION);
  });

  it('refuses cross-organization rows in the other domains', async () => {
    expect(
      await sqlError(
        `INSERT INTO team_member (organization_id, team_id, user_id, role) VALUES ($1, $2, $3, 'MEMBER')`,
        [a.organizationId, teamOfB.id, a.userId],
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
    expect(
      await sqlError(
        `INSERT INTO task_comment (organization_id, task_id, body) VALUES ($1, $2, 'hi')`,
        [a.organizationId, taskOfB.id],
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);

    await gqlOk(
      api,
      'mutation V($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
      { input: { name: 'B truck', driverName: 'B driver' } },
      b.accessToken,
    );
    const [driverOfB] = await api.dataSource.query<Array<{ id: string }>>(
      'SELECT id FROM driver WHERE organization_id = $1',
      [b.organizationId],
    );
    expect(
      await sqlError(
        `INSERT INTO vehicle (organization_id, name, driver_id) VALUES ($1, 'A truck', $2)`,
        [a.organizationId, driverOfB.id],
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);

    const campaign = await createCampaign(api, b.accessToken);
    expect(
      await sqlError(
        `INSERT INTO phone_number (organization_id, number, campaign_id) VALUES ($1, '+15550000001', $2)`,
        [a.organizationId, campaign.id],
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
    expect(
      await sqlError(
        `INSERT INTO membership (organization_id, user_id, role) VALUES ($1, $2, 'AGENT')`,
        [randomUUID(), a.userId],
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
  });

  it('clears only the assignee when a member leaves, and keeps the task', async () => {
    const agent: Member = await addMemberWithRole(api, a, 'AGENT');
    const task = await createTask(api, a.accessToken, {
      title: 'theirs',
      assigneeId: agent.userId,
    });
    await gqlOk(
      api,
      'mutation R($id: ID!) { removeMember(membershipId: $id) }',
      { id: agent.membershipId },
      a.accessToken,
    );
    const [row] = await api.dataSource.query<
      Array<{ organization_id: string; assignee_id: string | null; deleted_at: Date | null }>
    >('SELECT organization_id, assignee_id, deleted_at FROM task WHERE id = $1', [task.id]);
    expect(row).toEqual({ organization_id: a.organizationId, assignee_id: null, deleted_at: null });
    const seen = await gqlOk<{ task: { id: string; assignee: null } }>(
      api,
      'query T($id: ID!) { task(id: $id) { id assignee { id } } }',
      { id: task.id },
      a.accessToken,
    );
    expect(seen.task).toEqual({ id: task.id, assignee: null });
  });

  it('has a foreign key on every reference column', async () => {
    // Columns that name something outside this database, or any row type.
    const external = new Set([
      'audit_entry.entity_id',
      // The run whose write caused a run's event: runs are pruned by age, the chain stays readable.
      'automation_run.caused_by_run_id',
      'calendar_connection.calendar_id',
      'calendar_event.external_id',
      'calendar_event.external_recurring_id',
      'call.external_id',
      // Outbox event ids of a queued job (reconcilers); published outbox rows are pruned.
      'fleet_alert.notification_id',
      'phone_message.job_id',
      'call.transcript_message_id',
      'oauth_state_use.state_id',
      'scoring_job.message_id',
      // The automation run whose CREATE_TASK step made the task (idempotency key); runs are pruned by age.
      'task.automation_run_id',
      // Anthropic's Message Batch id (msgbatch_…).
      'scoring_batch.provider_batch_id',
      'vehicle.external_id',
      // The position series: no keys, for ingest speed (vehicle-position.entity.ts).
      'vehicle_position.organization_id',
      'vehicle_position.vehicle_id',
    ]);
    const uncovered = await api.dataSource.query<Array<{ reference: string }>>(
      `SELECT c.table_name || '.' || c.column_name AS reference
         FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.column_name LIKE '%\\_id'
          AND NOT EXISTS (
            SELECT 1 FROM pg_constraint k
              JOIN pg_attribute att ON att.attrelid = k.conrelid AND att.attnum = ANY (k.conkey)
             WHERE k.contype = 'f' AND k.conrelid = (quote_ident(c.table_name))::regclass
               AND att.attname = c.column_name)
        ORDER BY 1`,
    );
    expect(uncovered.map((row) => row.reference).filter((name) => !external.has(name))).toEqual([]);
  });
});
