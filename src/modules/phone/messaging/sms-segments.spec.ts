import { fitTwoSegments, GSM7_LIMIT, gsm7Length, segmentCount, UCS2_LIMIT } from './sms-segments';

describe('fitTwoSegments', () => {
  it('keeps a short reply as it is', () => {
    expect(fitTwoSegments('  Task created: tires  ')).toBe('Task created: tires');
  });

  it('cuts a long GSM-7 reply to 306 septets ending with an ellipsis', () => {
    const fitted = fitTwoSegments('a'.repeat(400));
    expect(gsm7Length(fitted)).toBe(GSM7_LIMIT);
    expect(fitted.endsWith('...')).toBe(true);
    expect(segmentCount(fitted)).toBe(2);
  });

  it('counts GSM-7 extension characters twice', () => {
    const fitted = fitTwoSegments('{'.repeat(200));
    expect(gsm7Length(fitted)).toBeLessThanOrEqual(GSM7_LIMIT);
    expect(fitted.endsWith('...')).toBe(true);
  });

  it('cuts a UCS-2 reply to 134 code units without splitting an emoji', () => {
    const fitted = fitTwoSegments('🚚'.repeat(100));
    expect(fitted.length).toBeLessThanOrEqual(UCS2_LIMIT);
    expect(fitted.endsWith('…')).toBe(true);
    expect(segmentCount(fitted)).toBe(2);
    expect(fitted.slice(0, -1)).toBe('🚚'.repeat((fitted.length - 1) / 2));
  });

  it('keeps a 306-septet reply whole', () => {
    expect(fitTwoSegments('b'.repeat(306))).toBe('b'.repeat(306));
    expect(fitTwoSegments('é'.repeat(306))).toBe('é'.repeat(306));
  });
});
