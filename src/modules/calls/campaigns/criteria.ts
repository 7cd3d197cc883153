import { FieldError } from '@/common/errors/domain-errors';
import { CriterionKind, Speaker } from '../calls.enums';
import { METRIC_NAMES, MetricName } from '../scoring/call-metrics';

export type Comparator = 'lt' | 'lte' | 'gt' | 'gte';
export const COMPARATORS: readonly Comparator[] = ['lt', 'lte', 'gt', 'gte'];

export interface PhraseRequiredConfig {
  phrases: string[];
  speaker: Speaker;
  /** Only the first `withinSec` seconds of the call count; any time when absent. */
  withinSec?: number;
}

export interface PhraseForbiddenConfig {
  phrases: string[];
  speaker: Speaker;
}

export interface MetricThresholdConfig {
  metric: MetricName;
  op: Comparator;
  value: number;
}

export interface LlmJudgedConfig {
  guidance?: string;
}

/** One criterion of a stored scorecard: validated, config normalised, weight out of 100. */
export type CriterionDefinition = {
  key: string;
  description: string;
  weight: number;
} & (
  | { kind: CriterionKind.LLM_JUDGED; config: LlmJudgedConfig | null }
  | { kind: CriterionKind.PHRASE_REQUIRED; config: PhraseRequiredConfig }
  | { kind: CriterionKind.PHRASE_FORBIDDEN; config: PhraseForbiddenConfig }
  | { kind: CriterionKind.METRIC_THRESHOLD; config: MetricThresholdConfig }
);

export interface CriterionInputLike {
  key: string;
  description: string;
  kind: CriterionKind;
  weight: number;
  config?: unknown;
}

export const MAX_CRITERIA = 50;
export const MAX_PHRASES = 50;
const KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function allowOnly(
  config: Record<string, unknown>,
  allowed: string[],
  path: string,
  errors: FieldError[],
): void {
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key)) {
      errors.push({
        path: `${path}.${key}`,
        message: `unknown setting; allowed: ${allowed.join(', ')}`,
      });
    }
  }
}

function phrases(value: unknown, path: string, errors: FieldError[]): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PHRASES) {
    errors.push({ path, message: `must be a list of 1 to ${MAX_PHRASES} phrases` });
    return [];
  }
  const result: string[] = [];
  value.forEach((phrase, index) => {
    if (typeof phrase !== 'string' || phrase.trim().length === 0 || phrase.length > 200) {
      errors.push({
        path: `${path}.${index}`,
        message: 'must be a non-empty phrase of at most 200 characters',
      });
    } else if (normalisePhrase(phrase) === '') {
      errors.push({
        path: `${path}.${index}`,
        message: 'must contain at least one letter or digit',
      });
    } else {
      result.push(phrase.trim());
    }
  });
  return result;
}

function speaker(value: unknown, path: string, errors: FieldError[]): Speaker {
  if (value === undefined || value === null) return Speaker.AGENT;
  if (value === Speaker.AGENT || value === Speaker.CUSTOMER) return value;
  errors.push({ path, message: 'must be AGENT or CUSTOMER' });
  return Speaker.AGENT;
}

function configOf(
  input: CriterionInputLike,
  path: string,
  errors: FieldError[],
): CriterionDefinition['config'] {
  const raw = input.config;
  switch (input.kind) {
    case CriterionKind.LLM_JUDGED: {
      if (raw === undefined || raw === null) return null;
      if (!isRecord(raw)) {
        errors.push({ path, message: 'must be null or { "guidance": "..." }' });
        return null;
      }
      allowOnly(raw, ['guidance'], path, errors);
      if (raw.guidance === undefined || raw.guidance === null) return {};
      if (typeof raw.guidance !== 'string' || raw.guidance.length > 2000) {
        errors.push({
          path: `${path}.guidance`,
          message: 'must be text of at most 2000 characters',
        });
        return {};
      }
      return { guidance: raw.guidance.trim() };
    }
    case CriterionKind.PHRASE_REQUIRED: {
      if (!isRecord(raw)) {
        errors.push({
          path,
          message: 'must be { "phrases": [..], "speaker": "AGENT", "withinSec": 30 }',
        });
        return { phrases: [], speaker: Speaker.AGENT };
      }
      allowOnly(raw, ['phrases', 'speaker', 'withinSec'], path, errors);
      const config: PhraseRequiredConfig = {
        phrases: phrases(raw.phrases, `${path}.phrases`, errors),
        speaker: speaker(raw.speaker, `${path}.speaker`, errors),
      };
      if (raw.withinSec !== undefined && raw.withinSec !== null) {
        if (
          typeof raw.withinSec !== 'number' ||
          !Number.isFinite(raw.withinSec) ||
          raw.withinSec <= 0 ||
          raw.withinSec > 86_400
        ) {
          errors.push({
            path: `${path}.withinSec`,
            message: 'must be a number of seconds above 0 and at most 86400',
          });
        } else {
          config.withinSec = raw.withinSec;
        }
      }
      return config;
    }
    case CriterionKind.PHRASE_FORBIDDEN: {
      if (!isRecord(raw)) {
        errors.push({ path, message: 'must be { "phrases": [..], "speaker": "AGENT" }' });
        return { phrases: [], speaker: Speaker.AGENT };
      }
      allowOnly(raw, ['phrases', 'speaker'], path, errors);
      return {
        phrases: phrases(raw.phrases, `${path}.phrases`, errors),
        speaker: speaker(raw.speaker, `${path}.speaker`, errors),
      };
    }
    case CriterionKind.METRIC_THRESHOLD: {
      const fallback: MetricThresholdConfig = { metric: 'agentTalkRatio', op: 'lt', value: 0 };
      if (!isRecord(raw)) {
        errors.push({
          path,
          message: 'must be { "metric": "<CallMetrics field>", "op": "lt|lte|gt|gte", "value": n }',
        });
        return fallback;
      }
      allowOnly(raw, ['metric', 'op', 'value'], path, errors);
      if (!METRIC_NAMES.includes(raw.metric as MetricName)) {
        errors.push({
          path: `${path}.metric`,
          message: `must be one of ${METRIC_NAMES.join(', ')}`,
        });
      }
      if (!COMPARATORS.includes(raw.op as Comparator)) {
        errors.push({ path: `${path}.op`, message: `must be one of ${COMPARATORS.join(', ')}` });
      }
      if (typeof raw.value !== 'number' || !Number.isFinite(raw.value)) {
        errors.push({ path: `${path}.value`, message: 'must be a finite number' });
      }
      return {
        metric: raw.metric as MetricName,
        op: raw.op as Comparator,
        value: raw.value as number,
      };
    }
  }
}

/**
 * Checks a scorecard's criteria and returns them ready to store: keys unique
 * and snake_case, config checked against its kind, and weights scaled so they
 * add up to exactly 100 (the last criterion absorbs the rounding).
 */
export function normaliseCriteria(
  inputs: readonly CriterionInputLike[],
  path: string,
): { criteria: CriterionDefinition[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (inputs.length === 0 || inputs.length > MAX_CRITERIA) {
    errors.push({ path, message: `a scorecard needs 1 to ${MAX_CRITERIA} criteria` });
  }
  const seen = new Set<string>();
  const criteria = inputs.map((input, index): CriterionDefinition => {
    const at = `${path}.${index}`;
    if (!KEY_PATTERN.test(input.key)) {
      errors.push({
        path: `${at}.key`,
        message:
          'must be snake_case: a-z, 0-9 and _, starting with a letter, at most 64 characters',
      });
    } else if (seen.has(input.key)) {
      errors.push({ path: `${at}.key`, message: `duplicate key "${input.key}"` });
    }
    seen.add(input.key);
    const description = input.description.trim();
    if (description.length === 0 || description.length > 2000) {
      errors.push({ path: `${at}.description`, message: 'must be 1 to 2000 characters' });
    }
    if (!Number.isFinite(input.weight) || input.weight <= 0 || input.weight > 1_000_000) {
      errors.push({ path: `${at}.weight`, message: 'must be a number above 0' });
    }
    return {
      key: input.key,
      description,
      kind: input.kind,
      weight: input.weight,
      config: configOf(input, `${at}.config`, errors),
    } as CriterionDefinition;
  });
  if (errors.length > 0) return { criteria: [], errors };
  const total = criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  let assigned = 0;
  criteria.forEach((criterion, index) => {
    if (index === criteria.length - 1) {
      criterion.weight = Math.round((100 - assigned) * 10_000) / 10_000;
    } else {
      criterion.weight = Math.round((criterion.weight / total) * 100 * 10_000) / 10_000;
      assigned += criterion.weight;
    }
  });
  return { criteria, errors };
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;
const NOT_WORD_ASCII = /[^a-z0-9]+/g;

/** Lower case, punctuation dropped, whitespace collapsed: how phrases are compared. */
export function normalisePhrase(text: string): string {
  // Plain ASCII (most transcripts): one pass, no Unicode normalisation needed.
  if (ASCII.test(text)) return text.toLowerCase().replace(NOT_WORD_ASCII, ' ').trim();
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
