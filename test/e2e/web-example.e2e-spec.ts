import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Browser, chromium, Page } from 'playwright-core';
import { createCampaign, importCall } from '../factories/calls.factory';
import { addMemberWithRole, Member, registerUser, Account } from '../factories/identity.factory';
import { createTask } from '../factories/task.factory';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';

/**
 * The browser example (examples/web) against a real Switchboard: Vite's dev
 * server serves it, Debian's Chromium runs it headless (playwright-core),
 * two members of one organization are signed in in two browser contexts.
 * `.ci/run` installs Chromium and the example's dependencies.
 */
const WEB_DIR = join(__dirname, '..', '..', 'examples', 'web');
const VITE_BIN = join(WEB_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `vite` (the example's own dev server) on `port`, pointed at `apiUrl`. */
async function startVite(port: number, apiUrl: string): Promise<ChildProcess> {
  const vite = spawn(
    process.execPath,
    [VITE_BIN, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: WEB_DIR,
      env: { ...process.env, VITE_SWITCHBOARD_URL: apiUrl, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  vite.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  vite.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(
    async () => {
      if (vite.exitCode !== null) throw new Error(`vite exited: ${output}`);
      const response = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
      return response?.ok ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'the Vite dev server' },
  );
  return vite;
}

async function signInPage(browser: Browser, origin: string, account: Account): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('socket-state').filter({ hasText: 'connected' }).waitFor();
  return page;
}

describe('the browser example (examples/web)', () => {
  let api: TestApp;
  let worker: INestApplicationContext;
  let vite: ChildProcess | undefined;
  let browser: Browser | undefined;
  let origin: string;
  let owner: Account;
  let agent: Member;

  beforeAll(async () => {
    if (!existsSync(VITE_BIN)) {
      throw new Error('examples/web has no node_modules: run `npm ci --prefix examples/web`');
    }
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\``);
    }
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    // The example's origin must be allowed by CORS, as README says.
    api = await startApi({ env: { CORS_ORIGINS: origin } });
    worker = await startWorker({
      env: { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined },
    });
    [vite, browser] = await Promise.all([
      startVite(port, api.url),
      chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }),
    ]);
    owner = await registerUser(api, { name: 'Olga Owner' });
    agent = await addMemberWithRole(api, owner, 'AGENT');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    vite?.kill('SIGTERM');
    await worker?.close();
    await api?.close();
  });

  it('shows one member’s task change live on another member’s board, and a call arriving scored', async () => {
    const task = await createTask(api, owner.accessToken, { title: 'Load the blue van' });
    const [ownerPage, agentPage] = await Promise.all([
      signInPage(browser!, origin, owner),
      signInPage(browser!, origin, agent),
    ]);
    const onAgentBoard = agentPage.getByTestId(`task-${task.id}`);
    await agentPage.getByTestId('column-TODO').getByTestId(`task-${task.id}`).waitFor();
    await ownerPage.getByTestId(`task-${task.id}`).waitFor();

    await ownerPage.getByLabel('Status of Load the blue van').selectOption('IN_PROGRESS');
    await agentPage.getByTestId('column-IN_PROGRESS').getByTestId(`task-${task.id}`).waitFor({
      timeout: 10_000,
    });
    expect(await agentPage.getByTestId('column-TODO').getByTestId(`task-${task.id}`).count()).toBe(
      0,
    );
    expect(await onAgentBoard.textContent()).toContain('Load the blue van');

    // A task made by someone else (over the API) appears too.
    const made = await createTask(api, owner.accessToken, { title: 'Refuel truck 7' });
    await agentPage.getByTestId('column-TODO').getByTestId(`task-${made.id}`).waitFor({
      timeout: 10_000,
    });

    // The call board: a call imported over GraphQL arrives and is scored by the worker.
    await agentPage.getByRole('button', { name: 'Calls' }).click();
    await agentPage.getByText('No calls yet.').waitFor();
    const campaign = await createCampaign(api, owner.accessToken);
    const call = await importCall(api, owner.accessToken, { campaignId: campaign.id });
    const card = agentPage.getByTestId(`call-${call.id as string}`);
    await card.getByTestId('score-status').filter({ hasText: '/ 100' }).waitFor({
      timeout: 20_000,
    });
    const text = await card.textContent();
    expect(text).toContain('greeting');
    // The evidence quoted from the transcript is shown with the criterion.
    expect(text).toContain('thank you for calling');
    const stored = await eventually(async () => {
      const rows: Array<{ overall: string }> = await api.dataSource.query(
        'SELECT overall FROM call_score WHERE call_id = $1',
        [call.id],
      );
      return rows[0];
    });
    expect(text).toContain(`${Number(stored.overall).toFixed(1)} / 100`);
  }, 60_000);
});
