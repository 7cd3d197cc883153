import type Anthropic from '@anthropic-ai/sdk';
import type { ConversationMemory } from '../../assistant-types';

/** Exchanges kept between turns: enough for "make it urgent", small enough to stay cheap. */
export const CLAUDE_HISTORY_EXCHANGES = 10;
/** Longest text kept per side of an exchange (a pasted transcript must not grow every later prompt). */
const MAX_TEXT_CHARS = 2_000;

/** One earlier request and the assistant's final answer to it: text only, no tool blobs. */
export interface ClaudeExchange {
  user: string;
  assistant: string;
}

const clip = (text: string): string =>
  text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}…` : text;

/** The exchanges stored under `memory.claude.history`, ignoring anything malformed. */
export function readHistory(memory: ConversationMemory): ClaudeExchange[] {
  const history = (memory.claude as { history?: unknown } | undefined)?.history;
  if (!Array.isArray(history)) return [];
  return history.filter(
    (item): item is ClaudeExchange =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as ClaudeExchange).user === 'string' &&
      typeof (item as ClaudeExchange).assistant === 'string',
  );
}

/** Appends one exchange and keeps only the last CLAUDE_HISTORY_EXCHANGES. */
export function remember(memory: ConversationMemory, exchange: ClaudeExchange): void {
  const history = [
    ...readHistory(memory),
    { user: clip(exchange.user), assistant: clip(exchange.assistant) },
  ].slice(-CLAUDE_HISTORY_EXCHANGES);
  memory.claude = { ...memory.claude, history };
}

/** The history as alternating user/assistant messages, ready to precede this turn's request. */
export function historyMessages(memory: ConversationMemory): Anthropic.MessageParam[] {
  return readHistory(memory).flatMap((exchange): Anthropic.MessageParam[] => [
    { role: 'user', content: exchange.user },
    { role: 'assistant', content: exchange.assistant || '(no answer)' },
  ]);
}
