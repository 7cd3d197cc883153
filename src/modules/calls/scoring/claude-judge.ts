import type Anthropic from '@anthropic-ai/sdk';
import { Injectable } from '@nestjs/common';
import { CriterionKind } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { Segment } from './call-metrics';
import { CriterionScore } from './call-score.entity';
import { addTokens, tokensOf, TokenUsage, ZERO_TOKENS } from './pricing';
import { AnthropicClient, ProviderError } from './clients/anthropic.client';

export const SCORE_TOOL = 'record_scores';
/** Calls per job when Claude's answer breaks the schema or quotes what was never said. */
export const MAX_JUDGE_ROUNDS = 3;

interface JudgedCriterion {
  key: string;
  score: number;
  passed: boolean;
  evidence: string[];
  rationale: string;
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

function tool(keys: string[]): Anthropic.Tool {
  return {
    name: SCORE_TOOL,
    description: 'Record the score of every criterion for this call transcript.',
    input_schema: {
      type: 'object',
      properties: {
        criteria: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              key: { type: 'string', enum: keys },
              score: { type: 'number', minimum: 0, maximum: 1 },
              passed: { type: 'boolean' },
              evidence: {
                type: 'array',
                items: { type: 'string' },
                description: 'Exact quotes copied verbatim from the transcript text.',
              },
              rationale: { type: 'string' },
            },
            required: ['key', 'score', 'passed', 'evidence', 'rationale'],
          },
        },
      },
      required: ['criteria'],
    },
  };
}

/** What the judge is told before any call: the same for every call of a scorecard version. */
const INSTRUCTIONS = [
  'You are a meticulous call-quality reviewer. You only cite words that were actually said.',
  'Score each sales or support call you are given against each criterion below.',
  'For every criterion give a score from 0 to 1, whether it passed, a short rationale, and',
  'evidence: quotes copied exactly, word for word, from the transcript text (without the',
  '[time SPEAKER] prefix). Quote nothing that is not in the transcript; use [] when nothing applies.',
].join('\n');

/**
 * The stable part of the prompt: instructions, the campaign script and the
 * criteria. It is the same for every call of a campaign's scorecard version,
 * so it goes first (after the tool, whose schema depends only on the
 * criteria) and is marked for the prompt cache.
 */
function scorecardText(criteria: CriterionDefinition[], script: string | null): string {
  const questions = criteria
    .map((criterion) => {
      const guidance =
        criterion.kind === CriterionKind.LLM_JUDGED && criterion.config?.guidance
          ? `\n  Guidance: ${criterion.config.guidance}`
          : '';
      return `- ${criterion.key}: ${criterion.description}${guidance}`;
    })
    .join('\n');
  return [
    INSTRUCTIONS,
    script ? `\nThe campaign script the agent was given:\n${script}` : '',
    `\nCriteria:\n${questions}`,
  ].join('\n');
}

/** The part that changes with every call: its transcript, after the cached prefix. */
function transcriptText(segments: readonly Segment[]): string {
  const lines = segments
    .map((segment) => `[${segment.startSec.toFixed(1)}s ${segment.speaker}] ${segment.text}`)
    .join('\n');
  return `Transcript:\n${lines}`;
}

/** A Messages API request without its model (the client adds it). */
export type JudgeRequest = Omit<Anthropic.MessageCreateParamsNonStreaming, 'model'>;

/**
 * The first request for a call. Prompt caching: Anthropic caches the prefix
 * up to the block marked `cache_control` in the order tools → system →
 * messages, so the tool (its schema names the criteria keys) and the system
 * block (instructions, script, criteria) form the cached prefix and the
 * transcript follows in the user message. A prefix shorter than the model's
 * minimum (1024 tokens for Sonnet/Opus) is simply not cached.
 */
export function judgeRequest(
  criteria: CriterionDefinition[],
  segments: readonly Segment[],
  script: string | null,
): JudgeRequest {
  const keys = criteria.map((criterion) => criterion.key);
  return {
    max_tokens: 4096,
    system: [
      {
        type: 'text',
        text: scorecardText(criteria, script),
        cache_control: { type: 'ephemeral' },
      },
    ],
    tools: [tool(keys)],
    tool_choice: { type: 'tool', name: SCORE_TOOL },
    messages: [{ role: 'user', content: transcriptText(segments) }],
  };
}

/**
 * Problems with Claude's tool input: a missing or extra criterion, a score
 * out of range, or a quote that is not verbatim in the transcript (compared
 * with whitespace collapsed, case kept).
 */
export function answerProblems(
  input: unknown,
  keys: string[],
  segments: readonly Segment[],
): { problems: string[]; judged: JudgedCriterion[] } {
  const problems: string[] = [];
  const list = (input as { criteria?: unknown } | null)?.criteria;
  if (!Array.isArray(list)) return { problems: ['"criteria" must be an array'], judged: [] };
  const texts = segments.map((segment) => collapse(segment.text));
  const judged: JudgedCriterion[] = [];
  const seen = new Set<string>();
  for (const raw of list as Array<Record<string, unknown>>) {
    const key = typeof raw?.key === 'string' ? raw.key : '';
    if (!keys.includes(key)) {
      problems.push(`unknown criterion key "${key}"`);
      continue;
    }
    if (seen.has(key)) problems.push(`criterion "${key}" scored twice`);
    seen.add(key);
    const score = raw.score;
    if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
      problems.push(`${key}: score must be a number from 0 to 1`);
    }
    if (typeof raw.passed !== 'boolean') problems.push(`${key}: passed must be a boolean`);
    const evidence = Array.isArray(raw.evidence) ? raw.evidence : null;
    if (!evidence || evidence.some((quote) => typeof quote !== 'string')) {
      problems.push(`${key}: evidence must be a list of quotes`);
    } else {
      for (const quote of evidence as string[]) {
        const wanted = collapse(quote);
        if (!wanted || !texts.some((text) => text.includes(wanted))) {
          problems.push(`${key}: evidence "${quote}" does not appear verbatim in the transcript`);
        }
      }
    }
    judged.push({
      key,
      score: score as number,
      passed: raw.passed as boolean,
      evidence: (evidence ?? []) as string[],
      rationale: typeof raw.rationale === 'string' ? raw.rationale : '',
    });
  }
  for (const key of keys) if (!seen.has(key)) problems.push(`criterion "${key}" is missing`);
  return { problems, judged };
}

/**
 * LLM_JUDGED criteria through Claude: one request for all of a call's judged
 * criteria, the answer forced through a tool whose JSON schema is the result
 * shape. An answer that breaks the schema or quotes text that is not in the
 * transcript is sent back as a failed tool result and asked again, up to
 * MAX_JUDGE_ROUNDS calls; after that the job fails rather than store a score
 * resting on invented evidence.
 */
@Injectable()
export class ClaudeJudge {
  constructor(private readonly anthropic: AnthropicClient) {}

  get enabled(): boolean {
    return this.anthropic.enabled;
  }

  get model(): string {
    return this.anthropic.model;
  }

  get prices(): AnthropicClient['prices'] {
    return this.anthropic.prices;
  }

  /**
   * Reads one answer: the criterion scores when the forced tool call is
   * there and passes `answerProblems`, else the problems (and the tool call,
   * if any, for the follow-up round).
   */
  static interpret(
    message: Pick<Anthropic.Message, 'content'>,
    criteria: CriterionDefinition[],
    segments: readonly Segment[],
  ):
    { scores: CriterionScore[] } | { problems: string[]; use: Anthropic.ToolUseBlock | undefined } {
    const keys = criteria.map((criterion) => criterion.key);
    const use = message.content.find(
      (block): block is Anthropic.ToolUseBlock =>
        block.type === 'tool_use' && block.name === SCORE_TOOL,
    );
    if (!use) return { problems: [`no ${SCORE_TOOL} tool call in the answer`], use };
    const { problems, judged } = answerProblems(use.input, keys, segments);
    if (problems.length > 0) return { problems, use };
    const byKey = new Map(criteria.map((criterion) => [criterion.key, criterion]));
    return {
      scores: judged.map((entry) => ({
        key: entry.key,
        weight: byKey.get(entry.key)!.weight,
        score: entry.score,
        passed: entry.passed,
        evidence: entry.evidence,
        rationale: entry.rationale,
        scorer: 'claude',
      })),
    };
  }

  /** Scores the criteria, with the tokens of every request it took (retried rounds included). */
  async judge(
    criteria: CriterionDefinition[],
    segments: readonly Segment[],
    script: string | null,
  ): Promise<{ scores: CriterionScore[]; usage: TokenUsage }> {
    const request = judgeRequest(criteria, segments, script);
    const messages = request.messages;
    let usage = ZERO_TOKENS;
    let lastProblems: string[] = [];
    for (let round = 1; round <= MAX_JUDGE_ROUNDS; round++) {
      const message = await this.anthropic.createMessage({ ...request, messages });
      usage = addTokens(usage, tokensOf(message.usage));
      const read = ClaudeJudge.interpret(message, criteria, segments);
      if ('scores' in read) return { scores: read.scores, usage };
      lastProblems = read.problems;
      if (!read.use) {
        messages.push({
          role: 'assistant',
          content: message.content as Anthropic.ContentBlockParam[],
        });
        messages.push({ role: 'user', content: `Answer by calling the ${SCORE_TOOL} tool.` });
        continue;
      }
      messages.push({ role: 'assistant', content: [read.use] });
      messages.push({
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: read.use.id,
            is_error: true,
            content: `Rejected: ${read.problems.join('; ')}. Call ${SCORE_TOOL} again; quote only exact transcript text.`,
          },
        ],
      });
    }
    throw new ProviderError(
      `Claude's answer was rejected ${MAX_JUDGE_ROUNDS} times: ${lastProblems.slice(0, 5).join('; ')}`,
      false,
    );
  }
}
