import { Speaker } from '../calls.enums';
import { computeMetrics, Segment } from './call-metrics';

const A = Speaker.AGENT;
const C = Speaker.CUSTOMER;
const seg = (speaker: Speaker, startSec: number, endSec: number, text = 'word word'): Segment => ({
  speaker,
  startSec,
  endSec,
  text,
});

describe('computeMetrics', () => {
  it('splits talk time between speakers and counts silence over the call', () => {
    const metrics = computeMetrics([seg(A, 0, 30), seg(C, 40, 50), seg(A, 50, 60)]);
    expect(metrics.agentTalkRatio).toBe(0.8);
    expect(metrics.customerTalkRatio).toBe(0.2);
    expect(metrics.silenceRatio).toBeCloseTo(10 / 60, 4);
  });

  it('uses the call duration when it is longer than the transcript', () => {
    expect(computeMetrics([seg(A, 0, 30)], 60).silenceRatio).toBe(0.5);
  });

  it('finds the longest monologue across consecutive segments of one speaker', () => {
    const metrics = computeMetrics([seg(A, 0, 10), seg(A, 12, 40), seg(C, 41, 45), seg(A, 46, 50)]);
    expect(metrics.longestMonologueSec).toBe(40);
  });

  it('counts a start while the other speaker is still talking as an interruption', () => {
    const metrics = computeMetrics([seg(A, 0, 10), seg(C, 8, 12), seg(A, 11, 14), seg(C, 20, 21)]);
    expect(metrics.interruptions).toBe(2);
  });

  it('measures agent words per minute and questions', () => {
    const metrics = computeMetrics([
      seg(A, 0, 30, 'one two three four five six seven eight nine ten? And you?'),
      seg(C, 30, 60, 'yes? no?'),
    ]);
    expect(metrics.agentWordsPerMinute).toBe(24);
    expect(metrics.questionsAsked).toBe(2);
  });

  it('answers zeros for an empty transcript', () => {
    expect(computeMetrics([])).toEqual({
      agentTalkRatio: 0,
      customerTalkRatio: 0,
      silenceRatio: 0,
      longestMonologueSec: 0,
      interruptions: 0,
      agentWordsPerMinute: 0,
      questionsAsked: 0,
    });
  });

  it('counts agent words and questions as /\\S+/g and /\\?+/g do, Unicode spaces included', () => {
    const texts = [
      'Hello there?? How are you ?',
      '\u00a0two\u2009words\u3000and\tmore\n',
      '',
      '   ',
      '?!? ¿qué tal? 東京 🙂',
    ];
    const metrics = computeMetrics(texts.map((text, i) => seg(A, i, i + 1, text)));
    const all = texts.join(' ');
    expect(metrics.questionsAsked).toBe(
      texts.reduce((n, t) => n + (t.match(/\?+/g)?.length ?? 0), 0),
    );
    expect(metrics.agentWordsPerMinute).toBe(
      Math.round(((all.match(/\S+/g)?.length ?? 0) / (5 / 60)) * 100) / 100,
    );
  });
});
