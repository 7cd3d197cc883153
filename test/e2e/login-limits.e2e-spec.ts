import { LOGIN, registerUser } from '../factories/identity.factory';
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
});
