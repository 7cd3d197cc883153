/** One model's prices, US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Writing the prompt cache (5-minute ephemeral); default 1.25 × input. */
  cacheWrite: number;
  /** Reading the prompt cache; default 0.1 × input. */
  cacheRead: number;
}

/**
 * ANTHROPIC_PRICES: a JSON object from model name (or name prefix) to
 * `{ input, output, cacheWrite?, cacheRead? }` in dollars per million
 * tokens. A value that is not such an object stops the process at start-up.
 */
export function parsePriceOverrides(raw: string | undefined): Record<string, ModelPrice> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('ANTHROPIC_PRICES must be a JSON object (model → prices per million tokens)');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('ANTHROPIC_PRICES must be a JSON object (model → prices per million tokens)');
  }
  const prices: Record<string, ModelPrice> = {};
  for (const [model, value] of Object.entries(parsed as Record<string, unknown>)) {
    const price = value as Partial<Record<keyof ModelPrice, unknown>> | null;
    const number = (field: keyof ModelPrice, fallback?: number): number => {
      const given = price?.[field] ?? fallback;
      if (typeof given !== 'number' || !Number.isFinite(given) || given < 0) {
        throw new Error(`ANTHROPIC_PRICES: "${model}".${field} must be a number ≥ 0`);
      }
      return given;
    };
    const input = number('input');
    prices[model] = {
      input,
      output: number('output'),
      cacheWrite: number('cacheWrite', input * 1.25),
      cacheRead: number('cacheRead', input * 0.1),
    };
  }
  return prices;
}
