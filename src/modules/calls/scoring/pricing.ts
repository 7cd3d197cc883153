import { ModelPrice } from '@/config/anthropic-prices';

/** Token counts of one or more Messages API answers. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export const ZERO_TOKENS: TokenUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
};

/** Message Batches bill every token kind at half the Messages API price. */
export const BATCH_PRICE_FACTOR = 0.5;

const price = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cacheWrite: input * 1.25,
  cacheRead: input * 0.1,
});

/**
 * Anthropic's list prices, US dollars per million tokens (cache writes at
 * 1.25 × input for the 5-minute cache, cache reads at 0.1 × input), as
 * published at anthropic.com/pricing when this was written. A model is
 * priced by the longest entry its name equals or starts with
 * (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`). `claude-sonnet-5`
 * (this project's default model) is priced as Sonnet. ANTHROPIC_PRICES adds
 * entries or replaces these.
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4-5': price(5, 25),
  'claude-opus-4-1': price(15, 75),
  'claude-opus-4': price(15, 75),
  'claude-sonnet-5': price(3, 15),
  'claude-sonnet-4-5': price(3, 15),
  'claude-sonnet-4': price(3, 15),
  'claude-3-7-sonnet': price(3, 15),
  'claude-haiku-4-5': price(1, 5),
  'claude-3-5-haiku': price(0.8, 4),
  'claude-3-haiku': price(0.25, 1.25),
};

/** The price of `model`: the longest matching entry of the overrides, else of the built-in table. */
export function priceOf(
  model: string,
  overrides: Readonly<Record<string, ModelPrice>> = {},
): ModelPrice | null {
  for (const table of [overrides, DEFAULT_PRICES]) {
    const key = Object.keys(table)
      .filter((name) => model === name || model.startsWith(`${name}-`))
      .sort((a, b) => b.length - a.length)[0];
    if (key) return table[key];
  }
  return null;
}

/** What `usage` cost in dollars (rounded to a millionth), or null when the model has no price. */
export function costOf(
  usage: TokenUsage,
  model: string,
  batch: boolean,
  overrides: Readonly<Record<string, ModelPrice>> = {},
): number | null {
  const prices = priceOf(model, overrides);
  if (!prices) return null;
  const dollars =
    (usage.inputTokens * prices.input +
      usage.outputTokens * prices.output +
      usage.cacheWriteTokens * prices.cacheWrite +
      usage.cacheReadTokens * prices.cacheRead) /
    1_000_000;
  return Math.round(dollars * (batch ? BATCH_PRICE_FACTOR : 1) * 1e6) / 1e6;
}

/** The four counts of an Anthropic `usage` object (absent cache fields count 0). */
export function tokensOf(
  usage:
    | {
        input_tokens?: number | null;
        output_tokens?: number | null;
        cache_creation_input_tokens?: number | null;
        cache_read_input_tokens?: number | null;
      }
    | null
    | undefined,
): TokenUsage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    cacheReadTokens: usage?.cache_read_input_tokens ?? 0,
    cacheWriteTokens: usage?.cache_creation_input_tokens ?? 0,
  };
}

export function addTokens(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}
