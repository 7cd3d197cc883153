import { execFile } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { DEMO_ORGANIZATION, DEMO_PEOPLE } from '@/cli/seed/demo-data';
import { startApi, TestApp } from '../utils/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** `npm run seed` as a user runs it, in a process of its own, against the run's database. */
async function seed(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'src/cli/seed.ts',
        ...args,
      ],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 120_000 },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Rows per table of the demo organization (sessions aside: a run signs in and out). */
async function snapshot(
  dataSource: DataSource,
  organizationId: string,
): Promise<Record<string, number>> {
  const tables: Array<{ table_name: string }> = await dataSource.query(
    `SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'organization_id' AND table_name <> 'session'
      ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row]: Array<{ count: string }> = await dataSource.query(
      `SELECT count(*) FROM "${table}" WHERE organization_id = $1`,
      [organizationId],
    );
    counts[table] = Number(row.count);
  }
  return counts;
}

describe('npm run seed', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({ withWorker: true });
  });
  afterAll(() => api.close());

  const demoOrganization = async (): Promise<string | undefined> => {
    const rows: Array<{ id: string }> = await api.dataSource.query(
      'SELECT id FROM organization WHERE name = $1',
      [DEMO_ORGANIZATION],
    );
    return rows[0]?.id;
  };

  it('refuses to run with NODE_ENV=production, changing nothing', async () => {
    const result = await seed(['--url', api.url], { NODE_ENV: 'production' });
    expect(`${result.output}\nexit code ${result.code}`).toMatch(/exit code 2$/); // shows the output
    expect(result.output).toContain('refuses to run with NODE_ENV=production');
    expect(await demoOrganization()).toBeUndefined();
  }, 150_000); // the seed's own process loads the application under ts-node

  it('creates the demo organization in the configured database, and a second run changes nothing', async () => {
    // First run: nothing answers on PORT, so the seed starts the application
    // itself on DATABASE_URL (as npm start would) and seeds through it.
    const first = await seed([], { PORT: String(await freePort()) });
    expect(first.output).toContain('starting the application here');
    expect(`${first.output}\nexit code ${first.code}`).toMatch(/exit code 0$/); // shows the output
    expect(first.output).toMatch(/Seeded: \d+ item\(s\) created/);
    for (const person of DEMO_PEOPLE) expect(first.output).toContain(person.email);

    const organizationId = (await demoOrganization())!;
    expect(organizationId).toBeDefined();
    const roles: Array<{ role: string }> = await api.dataSource.query(
      'SELECT DISTINCT role FROM membership WHERE organization_id = $1',
      [organizationId],
    );
    expect(roles.map((row) => row.role).sort()).toEqual(
      ['ADMIN', 'AGENT', 'OWNER', 'SUPERVISOR', 'VIEWER'].sort(),
    );
    const before = await snapshot(api.dataSource, organizationId);
    expect(before).toMatchObject({ team: 2, vehicle: 3, geofence: 2, campaign: 1, call: 4 });
    expect(before.task).toBeGreaterThan(6); // subtasks too
    expect(before.task_comment).toBeGreaterThan(0);
    expect(before.calendar_event).toBe(3);
    const recurring: Array<{ timezone: string }> = await api.dataSource.query(
      'SELECT DISTINCT timezone FROM calendar_event WHERE organization_id = $1 AND recurrence IS NOT NULL',
      [organizationId],
    );
    expect(recurring.length).toBe(3);
    const scored: Array<{ count: string }> = await api.dataSource.query(
      `SELECT count(DISTINCT call_id) FROM call_score WHERE organization_id = $1`,
      [organizationId],
    );
    expect(Number(scored[0].count)).toBe(4);

    // Second run, through the running server this time: it finds everything.
    const second = await seed(['--url', api.url]);
    expect(`${second.output}\nexit code ${second.code}`).toMatch(/exit code 0$/);
    expect(second.output).toContain('Already seeded: nothing changed.');
    expect(await snapshot(api.dataSource, organizationId)).toEqual(before);
  }, 300_000);
});
