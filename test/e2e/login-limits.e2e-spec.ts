import Redis from 'ioredis';
import { LOGIN, REGISTER, registerUser, VERIFY_EMAIL } from '../factories/identity.factory';
import { graphql } from '../utils/graphql-client';
import { startApi, TestApp } from '../utils/test-app';

/**
 * Issue 14 item 5: the per-account login limit holds under concurrency. Only
 * attempts that passed the limit reach the password check, and each of those
 * answers UNAUTHENTICATED; the rest answer RATE_LIMITED before any argon2.
 */
describe('login limits under concurrency', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_ATTEMPTS_PER_IP: '1000' },
    });
  });
  afterAll(() => api.close());

  const attempt = (email: string, password: string) =>
    graphql(api.graphqlUrl, LOGIN, { input: { email, password } }).then(
      (response) => response.body.errors?.[0]?.extensions?.code ?? 'OK',
    );

  it('checks at most the limit of 30 parallel wrong passwords, then refuses even the right one', async () => {
    const person = await registerUser(api);
    const codes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempt(person.email, `wrong password ${i}!`)),
    );
    const checked = codes.filter((code) => code === 'UNAUTHENTICATED').length;
    const limited = codes.filter((code) => code === 'RATE_LIMITED').length;
    expect(checked).toBe(5);
    expect(limited).toBe(25);
    expect(await attempt(person.email, person.password)).toBe('RATE_LIMITED');
  });

  it('gives the reservations back on a successful login', async () => {
    const person = await registerUser(api);
    for (let i = 0; i < 4; i++)
      expect(await attempt(person.email, 'wrong password!!')).toBe('UNAUTHENTICATED');
    expect(await attempt(person.email, person.password)).toBe('OK');
    for (let i = 0; i < 4; i++)
      expect(await attempt(person.email, 'wrong password!!')).toBe('UNAUTHENTICATED');
    expect(await attempt(person.email, person.password)).toBe('OK');
  });

  it('limits register, verifyEmail and acceptInvite per client IP', async () => {
    // Every spec of the run registers from 127.0.0.1: start this IP's counts afresh.
    const redis = new Redis(process.env.REDIS_URL!);
    const stale = await redis.keys(`${process.env.REDIS_KEY_PREFIX}:login:public:*`);
    if (stale.length > 0) await redis.del(...stale);
    await redis.quit();
    const limited = await startApi({ env: { PUBLIC_ACTIONS_MAX_PER_IP: '3' } });
    try {
      const register = (i: number) =>
        graphql(limited.graphqlUrl, REGISTER, {
          input: {
            email: `limit-${i}-${Date.now()}@example.test`,
            password: 'Correct horse battery staple',
            name: 'Limited',
            organizationName: 'Limited Org',
          },
        }).then((response) => response.body.errors?.[0]?.extensions ?? { code: 'OK' });
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await register(i));
      expect(answers.map((answer) => answer.code)).toEqual([
        'OK',
        'OK',
        'OK',
        'RATE_LIMITED',
        'RATE_LIMITED',
      ]);
      expect(answers[3].retryAfterSeconds).toBeGreaterThan(0);
      const verify = () =>
        graphql(limited.graphqlUrl, VERIFY_EMAIL, { token: 'guess' }).then(
          (response) => response.body.errors?.[0]?.extensions?.code,
        );
      const guesses = [];
      for (let i = 0; i < 5; i++) guesses.push(await verify());
      expect(guesses).toEqual([
        'BAD_USER_INPUT',
        'BAD_USER_INPUT',
        'BAD_USER_INPUT',
        'RATE_LIMITED',
        'RATE_LIMITED',
      ]);
    } finally {
      await limited.close();
    }
  });
});
