import type { ConversationMemory } from '../../assistant-types';
import type { BuiltinState, Intent } from './builtin-types';

/** The id in a tool's output: `{ id }`, or `{ task: { id } }` / `{ event: { id } }`. */
export function outputId(output: unknown): string | undefined {
  if (!output || typeof output !== 'object') return undefined;
  const record = output as Record<string, unknown>;
  if (typeof record.id === 'string') return record.id;
  for (const key of ['task', 'event', 'call', 'vehicle', 'score', 'alert']) {
    const inner = record[key];
    if (
      inner &&
      typeof inner === 'object' &&
      typeof (inner as Record<string, unknown>).id === 'string'
    ) {
      return (inner as Record<string, string>).id;
    }
  }
  return undefined;
}

export function builtinState(memory: ConversationMemory): BuiltinState {
  return memory.builtin ?? {};
}

/**
 * After a tool ran: remember what it touched, so "make it urgent" / "move it"
 * on the next turn mean that thing. Pure on its inputs (mutates `memory`).
 */
export function rememberOutcome(
  memory: ConversationMemory,
  intent: Extract<Intent, { kind: 'tool' }>,
  output: unknown,
): void {
  const state: BuiltinState = { ...builtinState(memory) };
  delete state.pending;
  const input = intent.input;
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  switch (intent.name) {
    case 'create_task': {
      const id = outputId(output);
      if (id) {
        memory.lastTaskId = id;
        state.lastKind = 'task';
      }
      break;
    }
    case 'get_task':
    case 'update_task':
    case 'complete_task':
      memory.lastTaskId = str(input.id);
      state.lastKind = 'task';
      break;
    case 'add_task_comment':
      memory.lastTaskId = str(input.taskId);
      state.lastKind = 'task';
      break;
    case 'delete_task':
      if (memory.lastTaskId === input.id) delete memory.lastTaskId;
      break;
    case 'create_event': {
      const id = outputId(output);
      if (id) {
        memory.lastEventId = id;
        state.lastKind = 'event';
      }
      break;
    }
    case 'update_event':
      memory.lastEventId = str(input.id);
      state.lastKind = 'event';
      break;
    case 'delete_event':
      if (memory.lastEventId === input.id) delete memory.lastEventId;
      break;
    case 'locate_vehicle':
      memory.lastVehicleId = str(input.vehicleId);
      state.lastKind = 'vehicle';
      break;
    case 'get_call_score':
    case 'score_call':
      memory.lastCallId = str(input.callId);
      state.lastKind = 'call';
      break;
    default:
      break;
  }
  memory.builtin = { ...state };
}

/** Keeps (or clears) the open question for the next turn. */
export function rememberPending(memory: ConversationMemory, intent: Intent): void {
  const state: BuiltinState = { ...builtinState(memory) };
  if (intent.kind === 'clarify' && intent.pending) state.pending = intent.pending;
  else delete state.pending;
  memory.builtin = { ...state };
}
