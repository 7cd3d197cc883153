import { parsePriceOverrides } from '@/config/anthropic-prices';
import { CriterionKind } from '../calls.enums';
import { judgeRequest } from './claude-judge';
import { costOf, priceOf, tokensOf } from './pricing';

describe('scoring prices', () => {
  const usage = {
    inputTokens: 1000,
    outputTokens: 200,
    cacheWriteTokens: 2000,
    cacheReadTokens: 0,
  };

  it('prices a model by the longest matching entry, with cache writes at 1.25× and reads at 0.1× input', () => {
    expect(priceOf('claude-sonnet-4-5-20250929')).toEqual({
      input: 3,
      output: 15,
      cacheWrite: 3.75,
      cacheRead: expect.closeTo(0.3, 10),
    });
    expect(priceOf('claude-opus-4-5')?.input).toBe(5);
    expect(priceOf('claude-opus-4-1-20250805')?.input).toBe(15);
    expect(priceOf('gpt-4')).toBeNull();
  });

  it('costs tokens in dollars, half in a batch, null for an unpriced model', () => {
    // 1000 × 3 + 200 × 15 + 2000 × 3.75 = 13 500 per million.
    expect(costOf(usage, 'claude-sonnet-5', false)).toBe(0.0135);
    expect(costOf(usage, 'claude-sonnet-5', true)).toBe(0.00675);
    expect(costOf(usage, 'someone-elses-model', false)).toBeNull();
  });

  it('takes ANTHROPIC_PRICES over the table, and refuses a malformed one', () => {
    const overrides = parsePriceOverrides(
      '{"claude-sonnet-5":{"input":1,"output":2},"mine":{"input":0,"output":0}}',
    );
    expect(overrides['claude-sonnet-5']).toEqual({
      input: 1,
      output: 2,
      cacheWrite: 1.25,
      cacheRead: 0.1,
    });
    // 1000 × 1 + 200 × 2 + 2000 × 1.25 = 3900 per million.
    expect(costOf(usage, 'claude-sonnet-5', false, overrides)).toBe(0.0039);
    expect(costOf(usage, 'mine-v2', false, overrides)).toBe(0);
    expect(() => parsePriceOverrides('[1]')).toThrow(/JSON object/);
    expect(() => parsePriceOverrides('{"m":{"input":-1,"output":1}}')).toThrow(/"m".input/);
    expect(() => parsePriceOverrides('not json')).toThrow(/JSON object/);
  });

  it("reads Anthropic's usage, absent cache fields as 0", () => {
    expect(tokensOf({ input_tokens: 5, output_tokens: 6 })).toEqual({
      inputTokens: 5,
      outputTokens: 6,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
    expect(
      tokensOf({
        input_tokens: 5,
        output_tokens: 6,
        cache_read_input_tokens: 7,
        cache_creation_input_tokens: 8,
      }),
    ).toEqual({ inputTokens: 5, outputTokens: 6, cacheReadTokens: 7, cacheWriteTokens: 8 });
  });
});

describe('judge request', () => {
  const criteria = [
    {
      key: 'empathy',
      description: 'Agent shows empathy',
      kind: CriterionKind.LLM_JUDGED,
      weight: 1,
      config: { guidance: 'Look for apologies.' },
    },
  ];
  const segment = { speaker: 'AGENT', text: 'Sorry about that.', startSec: 0, endSec: 2 };
  const segments = [segment] as never;

  it('puts instructions, script and criteria first, in one cached system block, and the transcript after', () => {
    const request = judgeRequest(criteria as never, segments, 'Say sorry.');
    expect(request.system).toEqual([
      { type: 'text', text: expect.any(String), cache_control: { type: 'ephemeral' } },
    ]);
    const [system] = request.system as Array<{ text: string }>;
    expect(system.text).toContain('Say sorry.');
    expect(system.text).toContain(
      '- empathy: Agent shows empathy\n  Guidance: Look for apologies.',
    );
    expect(system.text).not.toContain('Sorry about that.');
    expect(request.messages).toEqual([
      { role: 'user', content: 'Transcript:\n[0.0s AGENT] Sorry about that.' },
    ]);
    // The cached prefix does not depend on the call.
    const other = judgeRequest(
      criteria as never,
      [{ ...segment, text: 'Hi.' }] as never,
      'Say sorry.',
    );
    expect(other.system).toEqual(request.system);
    expect(other.tools).toEqual(request.tools);
  });
});
