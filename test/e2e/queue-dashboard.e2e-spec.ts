import { randomBytes } from 'node:crypto';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { registerUser } from '../factories/identity.factory';
import { startApi, TestApp } from '../utils/test-app';

const USERNAME = 'ops';
const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;
const TOKEN = randomBytes(32).toString('hex');
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('operators’ queue dashboard (/admin/queues)', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({
      env: { OPERATOR_USERNAME: USERNAME, OPERATOR_PASSWORD: PASSWORD, OPERATOR_TOKEN: TOKEN },
    });
  });
  afterAll(() => api.close());

  const get = (path: string, authorization?: string) =>
    fetch(`${api.url}${path}`, { headers: authorization ? { authorization } : {} });

  it('refuses a request without credentials, with a Basic challenge', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const response = await get(path);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Basic');
      expect(await response.text()).not.toContain(QueueName.CallScoring);
    }
  });

  it('refuses wrong credentials and a tenant OWNER’s access token', async () => {
    const owner = await registerUser(api);
    for (const authorization of [
      basic(USERNAME, 'wrong-password-123'),
      basic('someone', PASSWORD),
      `Bearer ${owner.accessToken}`,
      `Bearer ${TOKEN.slice(1)}`,
    ]) {
      const response = await get('/admin/queues/api/queues', authorization);
      expect(response.status).toBe(401);
    }
  });

  it('shows every queue, with their jobs, to the operators’ login and token', async () => {
    const page = await get('/admin/queues', basic(USERNAME, PASSWORD));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Switchboard queues');

    // A job of our own, seen through the dashboard's API with its ids-only payload.
    const queue = api.app.get(QueueRegistry).get(QueueName.Maintenance);
    const job = await queue.add('prune-outbox', {}, { delay: 60_000 });
    try {
      const response = await get(
        `/admin/queues/api/queues?activeQueue=${QueueName.Maintenance}&status=delayed&page=1`,
        `Bearer ${TOKEN}`,
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        queues: Array<{ name: string; jobs: Array<{ id: string; name: string }> }>;
      };
      expect(body.queues.map((q) => q.name).sort()).toEqual(
        Object.values(QueueName).map(String).sort(),
      );
      const maintenance = body.queues.find((q) => q.name === QueueName.Maintenance)!;
      expect(maintenance.jobs.map((j) => j.id)).toContain(job.id);
    } finally {
      await job.remove();
    }
  });

  it('does not exist (404) when no operator credentials are configured', async () => {
    const plain = await startApi({
      env: { OPERATOR_USERNAME: '', OPERATOR_PASSWORD: '', OPERATOR_TOKEN: '' },
    });
    try {
      const response = await fetch(`${plain.url}/admin/queues`, {
        headers: { authorization: basic(USERNAME, PASSWORD) },
      });
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
