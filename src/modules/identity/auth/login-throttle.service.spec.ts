import type { ConfigType } from '@nestjs/config';
import { RateLimitedError } from '@/common/errors/domain-errors';
import type { authConfig } from '@/config/configuration';
import { LoginThrottle } from './login-throttle.service';

/* The in-memory counter (no REDIS_URL), which embedded mode uses. */

const WINDOW_SECONDS = 600;

function throttle(limits: Partial<ConfigType<typeof authConfig>> = {}) {
  const config = {
    loginWindowSeconds: WINDOW_SECONDS,
    loginMaxAttemptsPerIp: 10,
    loginMaxFailuresPerAccount: 3,
    publicActionsMaxPerIp: 2,
    ...limits,
  } as ConfigType<typeof authConfig>;
  return new LoginThrottle(config, { url: undefined, keyPrefix: 'sb' });
}

/** The error `work` rejects with (or undefined). */
const failure = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('LoginThrottle', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('admits up to the account’s failure budget, then refuses with the time left', async () => {
    const limiter = throttle();
    for (let attempt = 0; attempt < 3; attempt++) await limiter.admit('ada@example.com', 'ip1');
    jest.advanceTimersByTime(100_000);
    const error = await failure(limiter.admit('ada@example.com', 'ip2'));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      message: 'Too many login attempts, try again later',
      retryAfterSeconds: WINDOW_SECONDS - 100,
    });
  });

  it('counts an account whatever the case and spacing of its email, and no other account', async () => {
    const limiter = throttle();
    await limiter.admit('Ada@Example.com', 'ip1');
    await limiter.admit(' ada@example.com ', 'ip2');
    await limiter.admit('ADA@EXAMPLE.COM', 'ip3');
    await expect(limiter.admit('ada@example.com', 'ip4')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(limiter.admit('bob@example.com', 'ip4')).resolves.toBeUndefined();
  });

  it('gives an account its budget back on success', async () => {
    const limiter = throttle();
    await limiter.admit('ada@example.com', 'ip1');
    await limiter.admit('ada@example.com', 'ip1');
    await limiter.recordSuccess('ADA@example.com');
    for (let attempt = 0; attempt < 3; attempt++) await limiter.admit('ada@example.com', 'ip1');
    await expect(limiter.admit('ada@example.com', 'ip1')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('limits all attempts per IP, across accounts', async () => {
    const limiter = throttle({ loginMaxAttemptsPerIp: 4 });
    for (let n = 0; n < 4; n++) await limiter.admit(`user${n}@example.com`, 'ip1');
    await expect(limiter.admit('fresh@example.com', 'ip1')).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    await expect(limiter.admit('fresh@example.com', 'ip2')).resolves.toBeUndefined();
  });

  it('forgets the counts once the window has passed', async () => {
    const limiter = throttle();
    for (let attempt = 0; attempt < 3; attempt++) await limiter.admit('ada@example.com', 'ip1');
    await expect(limiter.admit('ada@example.com', 'ip1')).rejects.toBeInstanceOf(RateLimitedError);
    jest.advanceTimersByTime(WINDOW_SECONDS * 1000);
    await expect(limiter.admit('ada@example.com', 'ip1')).resolves.toBeUndefined();
  });

  it('limits public actions per action and IP', async () => {
    const limiter = throttle();
    await limiter.admitPublicAction('register', 'ip1');
    await limiter.admitPublicAction('register', 'ip1');
    const error = await failure(limiter.admitPublicAction('register', 'ip1'));
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      message: 'Too many register attempts, try again later',
      retryAfterSeconds: WINDOW_SECONDS,
    });
    await expect(limiter.admitPublicAction('acceptInvite', 'ip1')).resolves.toBeUndefined();
    await expect(limiter.admitPublicAction('register', 'ip2')).resolves.toBeUndefined();
    // Logins are counted apart from public actions.
    await expect(limiter.admit('ada@example.com', 'ip1')).resolves.toBeUndefined();
  });
});
