import type { ConversationMemory, RecordedToolCall, ToolOutcome } from './assistant-types';

/** One gate outcome as the AgentRun records it (the confirmation token, a secret, left out). */
export function recordedCall(
  name: string,
  input: Record<string, unknown>,
  outcome: ToolOutcome,
  durationMs: number,
): RecordedToolCall {
  return {
    name,
    input,
    outcome: outcome.status,
    output:
      outcome.status === 'ok'
        ? outcome.output
        : outcome.status === 'needs_confirmation'
          ? { summary: outcome.summary, expiresAt: outcome.expiresAt.toISOString() }
          : null,
    error: outcome.status === 'error' ? `${outcome.code}: ${outcome.message}` : null,
    durationMs,
  };
}

/** An explicit yes to a pending confirmation: the whole reply, nothing more. */
const YES =
  /^(?:y|yes|yeah|yep|yup|sure|ok|okay|confirm|confirmed|correct|affirmative|do it|go ahead|please do|yes,? please|yes,? do it|yes,? go ahead|1)[\s.!]*$/i;
/** An explicit no. "Cancel the meeting" is a new request, not a no. */
const NO =
  /^(?:n|no|nope|nah|don'?t|do not|cancel|stop|abort|never ?mind|no,? thanks?|no,? don'?t|no,? cancel|2)[\s.!]*$/i;

export type ConfirmationAnswer = 'yes' | 'no' | null;

export function confirmationAnswer(text: string): ConfirmationAnswer {
  const trimmed = text.trim();
  if (YES.test(trimmed)) return 'yes';
  if (NO.test(trimmed)) return 'no';
  return null;
}

const TASK_TOOLS = new Set(['create_task', 'get_task', 'update_task', 'complete_task']);
const EVENT_TOOLS = new Set(['create_event', 'update_event']);

function idOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
    return (value as { id: string }).id;
  }
  return undefined;
}

/**
 * What the conversation last touched, whichever planner ran the tool, so that
 * "make it urgent" or "move it to Friday" has something to refer to.
 */
export function rememberTouched(memory: ConversationMemory, call: RecordedToolCall): void {
  if (call.outcome !== 'ok') return;
  const input = call.input;
  const outputId = idOf(call.output);
  if (TASK_TOOLS.has(call.name)) memory.lastTaskId = outputId ?? (input.id as string);
  else if (call.name === 'add_task_comment') memory.lastTaskId = input.taskId as string;
  else if (EVENT_TOOLS.has(call.name)) memory.lastEventId = outputId ?? (input.id as string);
  else if (call.name === 'locate_vehicle') memory.lastVehicleId = input.vehicleId as string;
  else if (call.name === 'get_call_score' || call.name === 'score_call') {
    memory.lastCallId = input.callId as string;
  }
  if (call.name === 'delete_task' && memory.lastTaskId === input.id) delete memory.lastTaskId;
  if (call.name === 'delete_event' && memory.lastEventId === input.id) delete memory.lastEventId;
}

/** The reply after a confirmed destructive call ran (or could not). */
export function confirmedReply(summary: string, outcome: ToolOutcome): string {
  const what = summary.replace(/\?\s*$/, '');
  if (outcome.status === 'ok') return `Done. ${what}: confirmed and carried out.`;
  if (outcome.status === 'error') return `I could not do that: ${outcome.message}`;
  return `That still needs confirmation: ${outcome.summary}`;
}
