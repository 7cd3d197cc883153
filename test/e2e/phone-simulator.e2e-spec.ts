import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gqlOk, registerUser, addMemberWithRole } from '../factories/identity.factory';
import { ADD_PHONE_NUMBER, givePhoneAndPin, PhoneMember } from '../factories/phone.factory';
import { phoneNumber } from '../factories/calls.factory';
import { FakeTwilio } from '../fakes/twilio.fake';
import { startApi, TestApp } from '../utils/test-app';

const AUTH_TOKEN = 'twilio-auth-token-for-simulator-tests';
const PUBLIC_URL = 'https://switchboard.simulator.example.test';
const ROOT = join(__dirname, '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run phone:simulate` as a newcomer would, against the test api,
 * with the caller's lines piped to its stdin. PUBLIC_URL and
 * TWILIO_AUTH_TOKEN come from the environment, as the command's defaults.
 */
function simulate(args: string[], stdin: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'phone:simulate', '--', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        PUBLIC_URL,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_ACCOUNT_SID: '',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/**
 * The phone simulator (`npm run phone:simulate`) against a running api with
 * the phone webhooks: the requests it signs are accepted by the server's
 * signature guard, it follows the server's TwiML through a PIN login and
 * spoken or texted requests, and what it prints is what the assistant said.
 * The effects are checked in PostgreSQL.
 */
describe('phone simulator against the api', () => {
  let api: TestApp;
  let twilio: FakeTwilio;
  let number: string;
  let member: PhoneMember;
  let organizationId: string;
  const dir = mkdtempSync(join(tmpdir(), 'phone-simulator-'));

  beforeAll(async () => {
    // Adding a number asks the Twilio account whether it owns it: the fake answers.
    twilio = await new FakeTwilio(`AC${'7'.repeat(32)}`, AUTH_TOKEN).start();
    api = await startApi({
      env: {
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_API_BASE_URL: twilio.url,
        PUBLIC_URL,
        ANTHROPIC_API_KEY: undefined,
      },
    });
    const owner = await registerUser(api, { timezone: 'America/Chicago' });
    organizationId = owner.organizationId;
    number = phoneNumber();
    twilio.own(number);
    await gqlOk(
      api,
      ADD_PHONE_NUMBER,
      { input: { number, voiceAssistant: true, smsAssistant: true } },
      owner.accessToken,
    );
    member = await givePhoneAndPin(
      api,
      await addMemberWithRole(api, owner, 'AGENT'),
      '4826',
      undefined,
      'America/Chicago',
    );
  });
  afterAll(async () => {
    await api?.close();
    await twilio?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const tasksTitled = async (pattern: string) =>
    api.dataSource.query<Array<{ title: string; assignee_id: string }>>(
      `SELECT title, assignee_id FROM task
        WHERE organization_id = $1 AND title ILIKE $2 AND deleted_at IS NULL`,
      [organizationId, pattern],
    );

  it('texts: unlocks with the PIN, creates and lists a task, prints the replies', async () => {
    const run = await simulate(
      ['--url', api.url, '--to', number, '--from', member.phone, '--sms'],
      ['4826', 'add a task for me to order traffic cones', 'list my tasks', ''].join('\n'),
    );
    expect(run.stderr).not.toMatch(/^! /m);
    expect(run.code).toBe(0);
    const replies = run.stdout.split('\n').filter((line) => line.startsWith('< '));
    expect(replies[0]).toMatch(/^< Unlocked for \d+ minutes/);
    expect(replies[1]).toMatch(/Order traffic cones/i);
    expect(replies[2]).toMatch(/Order traffic cones/i);
    expect(await tasksTitled('%traffic cones%')).toEqual([
      expect.objectContaining({ assignee_id: member.userId }),
    ]);
  });

  it('calls: keys the PIN from a script, speaks requests, hangs up; the server follows the call', async () => {
    const script = join(dir, 'call.txt');
    writeFileSync(
      script,
      ['4826#', 'add a task for me to call the depot tomorrow at 9', 'list my tasks', ''].join(
        '\n',
      ),
    );
    const run = await simulate(
      ['--url', api.url, '--to', number, '--from', member.phone, '--script', script, '--verbose'],
      '',
    );
    expect(run.stderr).not.toMatch(/^! /m);
    expect(run.code).toBe(0);
    const said = run.stdout.split('\n').filter((line) => line.startsWith('< '));
    // The greeting after the PIN, then the assistant's answers to what was said.
    expect(said[1]).toMatch(/^< Hi \w+\. What can I do for you\?$/);
    expect(said[2]).toMatch(/^< Created the task "Call the depot"/);
    expect(said[3]).toMatch(/^< \d+ tasks?: .*Call the depot/);
    // Every request the simulator made was accepted (signed right) and answered with TwiML.
    const exchanges = [...run.stdout.matchAll(/^ {2}POST (\S+) \((\w+)\) → (\d+)/gm)];
    expect(exchanges.map((m) => m[2])).toEqual(
      expect.arrayContaining(['voice', 'gather', 'status']),
    );
    for (const [, url, purpose, status] of exchanges) {
      expect(url.startsWith(PUBLIC_URL)).toBe(true);
      if (purpose !== 'status') expect(status).toBe('200');
    }
    expect(await tasksTitled('%call the depot%')).toEqual([
      expect.objectContaining({ assignee_id: member.userId }),
    ]);
    const calls = await api.dataSource.query<Array<{ direction: string }>>(
      `SELECT direction FROM call WHERE organization_id = $1 AND twilio_call_sid = $2`,
      [organizationId, /\b(CA[0-9a-f]{32})\b/.exec(run.stdout)?.[1]],
    );
    expect(calls).toEqual([{ direction: 'INBOUND' }]);
  });

  it('signs with the given token: a wrong one is refused (403) and the command fails', async () => {
    const run = await simulate(
      ['--url', api.url, '--to', number, '--from', member.phone, '--sms', '--auth-token', 'wrong'],
      'list my tasks\n',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^! sms https:\/\/switchboard\.simulator\.example\.test\/webhooks\/twilio\/sms: HTTP 403/m,
    );
  });
});
