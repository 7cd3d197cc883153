import { mphToKph, retryAfterSeconds } from './samsara.client';

describe('Samsara helpers', () => {
  it('reads Retry-After as seconds or an HTTP date, with a fallback', () => {
    expect(retryAfterSeconds('3')).toBe(3);
    expect(retryAfterSeconds(null, 7)).toBe(7);
    expect(retryAfterSeconds('soon', 7)).toBe(7);
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    expect(retryAfterSeconds(inTwoSeconds)).toBeGreaterThan(0);
    expect(retryAfterSeconds(inTwoSeconds)).toBeLessThanOrEqual(2);
  });

  it('converts miles per hour to km/h', () => {
    expect(mphToKph(100)).toBeCloseTo(160.9344, 6);
  });
});
