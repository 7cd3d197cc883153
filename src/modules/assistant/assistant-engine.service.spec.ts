import { Role } from '@/access/role';
import type { Viewer } from '@/access/viewer';
import type { AgentRunsService } from './agent-runs.service';
import { AssistantEngine } from './assistant-engine.service';
import type {
  ConversationMemory,
  Planner,
  PlannerResult,
  PlannerTurn,
  ToolDescriptor,
} from './assistant-types';
import type { ConfirmationService } from './confirmation.service';
import type { ConversationRepository } from './conversation.repository';
import type { GateResult, ToolGate } from './tool-gate.service';
import type { UsersService } from '@/modules/users/users.service';

const viewer: Viewer = {
  kind: 'user',
  organizationId: 'org-1',
  role: Role.AGENT,
  userId: 'user-1',
  sessionId: 's',
  apiKeyId: null,
  expiresAt: null,
};

const USAGE = {
  planningMs: 1,
  roundTrips: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
};

/** A planner that runs a script against the turn, so the engine's bookkeeping can be observed. */
class ScriptedPlanner implements Planner {
  readonly name = 'scripted';
  turns: PlannerTurn[] = [];
  constructor(private readonly script: (turn: PlannerTurn) => Promise<PlannerResult>) {}
  plan(turn: PlannerTurn): Promise<PlannerResult> {
    this.turns.push(turn);
    return this.script(turn);
  }
}

function setup(
  script: (turn: PlannerTurn) => Promise<PlannerResult>,
  gateCall: (name: string, input: unknown, token?: string) => GateResult,
  options: { maxToolCalls?: number; turnTimeoutMs?: number; production?: boolean } = {},
) {
  const memories = new Map<string, ConversationMemory>();
  const recorded: unknown[] = [];
  const gateCalls: Array<{ name: string; input: unknown; token?: string; now: Date }> = [];
  const planner = new ScriptedPlanner(script);
  const minted = new Map<
    string,
    { tool: string; input: Record<string, unknown>; summary: string }
  >();
  const engine = new AssistantEngine(
    {
      call: (context, name, input, opts) => {
        gateCalls.push({ name, input, token: opts?.confirmationToken, now: context.now });
        const result = gateCall(name, input, opts?.confirmationToken);
        if (result.outcome.status === 'needs_confirmation') {
          minted.set(result.outcome.token, {
            tool: name,
            input: result.input,
            summary: result.outcome.summary,
          });
        }
        return Promise.resolve(result);
      },
    } as ToolGate,
    { peek: (_viewer, token) => Promise.resolve(minted.get(token) ?? null) } as ConfirmationService,
    {
      findLive: (_actor: unknown, id: string) =>
        Promise.resolve(
          memories.has(id) ? { id, memory: structuredClone(memories.get(id)!) } : null,
        ),
      // The engine mints a new conversation's id and writes it once, at the end of its first turn.
      insertWithMemory: (
        _actor: unknown,
        id: string,
        _channel: string,
        memory: ConversationMemory,
      ) => {
        memories.set(id, structuredClone(memory));
        return Promise.resolve();
      },
      saveMemory: (_organizationId: string, id: string, memory: ConversationMemory) => {
        memories.set(id, structuredClone(memory));
        return Promise.resolve();
      },
    } as unknown as ConversationRepository,
    {
      record: (_viewer: Viewer, run: Record<string, unknown>) => {
        recorded.push(run);
        return Promise.resolve({ ...run, id: `run-${recorded.length}` });
      },
    } as unknown as AgentRunsService,
    {
      profileOf: () => Promise.resolve({ name: 'Dana Whitfield', timeZone: 'Europe/Berlin' }),
    } as unknown as UsersService,
    { offeredTo: (): ToolDescriptor[] => [] },
    planner,
    {
      runRetentionDays: 90,
      conversationTtlMinutes: 30,
      turnTimeoutMs: options.turnTimeoutMs ?? 1000,
      maxToolCalls: options.maxToolCalls ?? 12,
      model: 'claude-sonnet-5',
      maxRoundTrips: 6,
      maxTokens: 1024,
    },
    { production: options.production ?? false } as never,
  );
  return { engine, planner, recorded, gateCalls, memories };
}

const ok = (output: unknown, input: Record<string, unknown> = {}): GateResult => ({
  outcome: { status: 'ok', output },
  input,
});

describe('AssistantEngine', () => {
  it('gives the planner the caller’s own time zone, remembers the task it touched, and records the run', async () => {
    const { engine, planner, recorded, memories } = setup(
      async (turn) => {
        await turn.call('create_task', { title: 'Tires' });
        return { status: 'COMPLETED', text: 'Created.', usage: USAGE };
      },
      () => ok({ id: 'task-1', title: 'Tires' }, { title: 'Tires' }),
    );
    const turn = await engine.ask(viewer, { text: 'add a task tires', channel: 'assistant' });
    expect(planner.turns[0].timeZone).toBe('Europe/Berlin');
    expect(planner.turns[0].viewer.channel).toBe('assistant');
    expect(turn).toMatchObject({ status: 'COMPLETED', text: 'Created.', runId: 'run-1' });
    expect(turn.toolCalls).toEqual([
      expect.objectContaining({ name: 'create_task', input: { title: 'Tires' }, outcome: 'ok' }),
    ]);
    expect(memories.get(turn.conversationId)).toEqual({ lastTaskId: 'task-1' });
    expect(recorded[0]).toMatchObject({
      channel: 'assistant',
      planner: 'scripted',
      status: 'COMPLETED',
    });
  });

  it('runs a pending destructive call only on an explicit yes in the same conversation', async () => {
    const { engine, gateCalls, planner } = setup(
      async (turn) => {
        const outcome = await turn.call('delete_task', { id: 'task-1' });
        return {
          status: outcome.status === 'needs_confirmation' ? 'NEEDS_CONFIRMATION' : 'COMPLETED',
          text: 'Sure?',
          usage: USAGE,
        };
      },
      (_name, input, token) =>
        token
          ? ok(true, input as Record<string, unknown>)
          : {
              outcome: {
                status: 'needs_confirmation',
                summary: 'Delete the task "Tires"?',
                token: 'tok-1',
                expiresAt: new Date(Date.now() + 60_000),
              },
              input: input as Record<string, unknown>,
            },
    );
    const first = await engine.ask(viewer, { text: 'delete the tires task', channel: 'assistant' });
    expect(first.status).toBe('NEEDS_CONFIRMATION');
    expect(first.confirmation).toMatchObject({
      token: 'tok-1',
      summary: 'Delete the task "Tires"?',
    });
    const yes = await engine.ask(viewer, {
      text: 'yes',
      channel: 'assistant',
      conversationId: first.conversationId,
    });
    expect(yes).toMatchObject({ status: 'COMPLETED', planner: 'confirmation' });
    expect(gateCalls.map((call) => [call.name, call.token])).toEqual([
      ['delete_task', undefined],
      ['delete_task', 'tok-1'],
    ]);
    expect(planner.turns).toHaveLength(1);
  });

  it('treats an explicit no as a no, and anything else as a new request that leaves the token unused', async () => {
    const needsConfirmation = (input: unknown): GateResult => ({
      outcome: {
        status: 'needs_confirmation',
        summary: 'Delete the event "Standup"?',
        token: 'tok-2',
        expiresAt: new Date(Date.now() + 60_000),
      },
      input: input as Record<string, unknown>,
    });
    const { engine, gateCalls, planner } = setup(
      async (turn) => {
        if (turn.text.startsWith('cancel the')) await turn.call('delete_event', { id: 'event-1' });
        return { status: 'COMPLETED', text: 'ok', usage: USAGE };
      },
      (_name, input) => needsConfirmation(input),
    );
    const first = await engine.ask(viewer, { text: 'cancel the standup', channel: 'assistant' });
    const no = await engine.ask(viewer, {
      text: 'No.',
      channel: 'assistant',
      conversationId: first.conversationId,
    });
    expect(no).toMatchObject({
      status: 'COMPLETED',
      text: "Okay, I won't do that.",
      planner: 'confirmation',
    });
    const again = await engine.ask(viewer, { text: 'cancel the standup', channel: 'assistant' });
    const other = await engine.ask(viewer, {
      text: 'cancel the meeting',
      channel: 'assistant',
      conversationId: again.conversationId,
    });
    expect(other.planner).toBe('scripted');
    expect(gateCalls.every((call) => call.token === undefined)).toBe(true);
    expect(planner.turns.map((turn) => turn.text)).toEqual([
      'cancel the standup',
      'cancel the standup',
      'cancel the meeting',
    ]);
  });

  it('stops a turn at the tool-call limit', async () => {
    const outcomes: string[] = [];
    const { engine } = setup(
      async (turn) => {
        for (let i = 0; i < 5; i++) outcomes.push((await turn.call('list_tasks', {})).status);
        return { status: 'COMPLETED', text: 'ok', usage: USAGE };
      },
      () => ok([]),
      { maxToolCalls: 3 },
    );
    const turn = await engine.ask(viewer, { text: 'list', channel: 'assistant' });
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'error', 'error']);
    expect(turn.toolCalls).toHaveLength(3);
  });

  it('ends a planner that hangs past the turn limit with FAILED, and records it', async () => {
    const { engine, recorded } = setup(
      (turn) =>
        new Promise((resolve) =>
          turn.signal.addEventListener('abort', () =>
            setTimeout(() => resolve({ status: 'COMPLETED', text: 'late', usage: USAGE }), 500),
          ),
        ),
      () => ok(null),
      { turnTimeoutMs: 100 },
    );
    const started = Date.now();
    const turn = await engine.ask(viewer, { text: 'hang', channel: 'assistant' });
    expect(Date.now() - started).toBeLessThan(450);
    expect(turn.status).toBe('FAILED');
    expect(recorded[0]).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('100 ms'),
    });
  });

  it('honours a pinned clock outside production only', async () => {
    const pinned = new Date('2026-12-02T15:00:00Z');
    const seen: Date[] = [];
    const script = (turn: PlannerTurn) => {
      seen.push(turn.now);
      return Promise.resolve<PlannerResult>({ status: 'COMPLETED', text: 'ok', usage: USAGE });
    };
    await setup(script, () => ok(null)).engine.ask(viewer, {
      text: 'x',
      channel: 'assistant',
      now: pinned,
    });
    await setup(script, () => ok(null), { production: true }).engine.ask(viewer, {
      text: 'x',
      channel: 'assistant',
      now: pinned,
    });
    expect(seen[0]).toEqual(pinned);
    expect(seen[1]).not.toEqual(pinned);
  });

  it('refuses another actor’s or an unknown conversation', async () => {
    const { engine } = setup(
      () => Promise.resolve({ status: 'COMPLETED', text: 'ok', usage: USAGE }),
      () => ok(null),
    );
    await expect(
      engine.ask(viewer, { text: 'x', channel: 'assistant', conversationId: 'nope' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
