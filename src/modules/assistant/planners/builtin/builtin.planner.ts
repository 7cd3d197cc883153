import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type {
  AssistantStatus,
  Planner,
  PlannerResult,
  PlannerTurn,
  ToolOutcome,
} from '../../assistant-types';
import { BuiltinDirectoryService } from './builtin-directory.service';
import { rememberOutcome, rememberPending } from './builtin-memory';
import { parseRequest } from './builtin-parser';
import type { Directory, Intent } from './builtin-types';

const HELP =
  'I can add, list and change tasks, look at and schedule calendar events, report call scores, and find vehicles and fleet alerts.';

/** At most this many items are read out in a list reply. */
const LISTED = 5;

type ToolIntent = Extract<Intent, { kind: 'tool' }>;
type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' ? (value as Json) : {};
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The planner used without an Anthropic key: the deterministic grammar of
 * builtin-parser.ts over the same tools. One request → at most one tool (two
 * for "score of the last call"), run through the gate like every other
 * planner's, so permissions and confirmation are the gate's, not ours.
 *
 * Only the user's words are parsed. Tool output (task titles, descriptions,
 * messages) is read back in the reply but never parsed as a request.
 */
@Injectable()
export class BuiltinPlanner implements Planner {
  readonly name = 'builtin';

  constructor(private readonly directories: BuiltinDirectoryService) {}

  async plan(turn: PlannerTurn): Promise<PlannerResult> {
    const started = performance.now();
    const tools = turn.tools.map((tool) => tool.name);
    const directory = await this.directories.load(turn.viewer, turn.now, tools);
    const intent = parseRequest(turn.text, {
      now: turn.now,
      timeZone: turn.timeZone,
      callerId: turn.viewer.userId,
      directory,
      memory: turn.memory,
      allowedTools: tools,
    });
    const planningMs = Math.round(performance.now() - started);
    rememberPending(turn.memory, intent);
    const done = (status: AssistantStatus, text: string): PlannerResult => ({
      status,
      text,
      usage: {
        planningMs,
        roundTrips: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      },
    });

    if (intent.kind === 'clarify') return done('NEEDS_CLARIFICATION', intent.question);
    if (intent.kind === 'unknown') {
      if (intent.reason === 'forbidden') {
        return done(
          'REFUSED',
          `Sorry, your role (${turn.viewer.role}) is not allowed to use ${intent.tool ?? 'that tool'}. Nothing was changed.`,
        );
      }
      if (intent.reason === 'cancelled') return done('COMPLETED', 'Okay, never mind.');
      if (intent.reason === 'unsupported') return done('REFUSED', intent.text);
      return done('REFUSED', `Sorry, I can't help with that. ${HELP}`);
    }

    const outcome = await turn.call(intent.name, intent.input);
    const result = this.afterCall(intent, outcome, turn, directory);
    if (intent.then !== 'get_call_score' || outcome.status !== 'ok') {
      return done(result.status, result.text);
    }
    // "score of the last call": the newest call's score
    const latest = asArray(asRecord(outcome.output).calls)[0];
    const callId = str(latest?.id);
    if (!callId) return done('COMPLETED', 'There are no calls yet.');
    const second: ToolIntent = { kind: 'tool', name: 'get_call_score', input: { callId } };
    const scored = await turn.call(second.name, second.input);
    const reply = this.afterCall(second, scored, turn, directory);
    return done(reply.status, reply.text);
  }

  private afterCall(
    intent: ToolIntent,
    outcome: ToolOutcome,
    turn: PlannerTurn,
    directory: Directory,
  ): { status: AssistantStatus; text: string } {
    if (outcome.status === 'needs_confirmation') {
      return { status: 'NEEDS_CONFIRMATION', text: outcome.summary };
    }
    if (outcome.status === 'error') {
      if (outcome.code === 'FORBIDDEN') {
        return { status: 'REFUSED', text: `I can't do that: ${outcome.message}` };
      }
      return { status: 'FAILED', text: `I couldn't do that: ${outcome.message}` };
    }
    rememberOutcome(turn.memory, intent, outcome.output);
    return {
      status: 'COMPLETED',
      text: describe(intent, asRecord(outcome.output), turn.timeZone, directory),
    };
  }
}

// ---------------------------------------------------------------------------
// speakable replies

const when = (value: unknown, zone: string): string => {
  const text = str(value);
  if (!text) return '';
  const dt = DateTime.fromISO(text, { zone });
  return dt.isValid ? dt.toFormat("cccc d LLLL 'at' h:mm a") : text;
};

const clock = (value: unknown, zone: string): string => {
  const text = str(value);
  if (!text) return '';
  const dt = DateTime.fromISO(text, { zone });
  return dt.isValid ? dt.toFormat('h:mm a') : text;
};

const words = (value: unknown): string => (str(value) ?? '').toLowerCase().replace(/_/g, ' ');

const personName = (directory: Directory, id: unknown): string | undefined =>
  directory.members.find((m) => m.id === id)?.name;

const teamName = (directory: Directory, id: unknown): string | undefined =>
  directory.teams.find((t) => t.id === id)?.name;

function list(items: string[], total?: number): string {
  const shown = items.slice(0, LISTED);
  const more = (total ?? items.length) - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
}

const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

function taskDetails(task: Json, zone: string, directory: Directory): string {
  const parts: string[] = [];
  const assignee = personName(directory, task.assigneeId);
  if (assignee) parts.push(`assigned to ${assignee}`);
  const team = teamName(directory, task.teamId);
  if (team) parts.push(`for the ${team} team`);
  if (str(task.dueAt)) parts.push(`due ${when(task.dueAt, zone)}`);
  if (str(task.priority) && task.priority !== 'MEDIUM')
    parts.push(`${words(task.priority)} priority`);
  return parts.length ? `, ${parts.join(', ')}` : '';
}

function describe(intent: ToolIntent, output: Json, zone: string, directory: Directory): string {
  const input = intent.input;
  const title = str(output.title) ?? '';
  switch (intent.name) {
    case 'create_task':
      return `Created the task "${title}"${taskDetails(output, zone, directory)}.`;
    case 'update_task': {
      const changes: string[] = [];
      if ('status' in input) changes.push(`status ${words(output.status)}`);
      if ('priority' in input) changes.push(`${words(output.priority)} priority`);
      if ('dueAt' in input)
        changes.push(output.dueAt ? `due ${when(output.dueAt, zone)}` : 'no due date');
      if ('assigneeId' in input) {
        changes.push(
          input.assigneeId
            ? `assigned to ${personName(directory, input.assigneeId) ?? 'them'}`
            : 'unassigned',
        );
      }
      if ('teamId' in input) changes.push(`team ${teamName(directory, input.teamId) ?? 'changed'}`);
      if ('title' in input) changes.push('renamed');
      return `Updated "${title}": ${changes.join(', ') || 'saved'}.`;
    }
    case 'complete_task':
      return `Marked "${title}" done.`;
    case 'delete_task':
      return `Deleted the task "${title}".`;
    case 'get_task':
      return `"${title}" is ${words(output.status)}${taskDetails(output, zone, directory)}.`;
    case 'add_task_comment': {
      const task = directory.tasks.find((t) => t.id === input.taskId);
      return task ? `Added your comment to "${task.title}".` : 'Added your comment.';
    }
    case 'list_tasks': {
      const tasks = asArray(output.tasks);
      const total = typeof output.totalCount === 'number' ? output.totalCount : tasks.length;
      if (tasks.length === 0) return 'No tasks match.';
      return `${plural(total, 'task')}: ${list(
        tasks.map((t) => `${str(t.title) ?? ''}${t.dueAt ? `, due ${when(t.dueAt, zone)}` : ''}`),
        total,
      )}`;
    }
    case 'list_events': {
      const events = asArray(output.occurrences);
      if (events.length === 0) return 'Nothing on the calendar then.';
      return `${plural(events.length, 'event')}: ${list(
        events.map((e) => `${str(e.title) ?? ''} ${when(e.startsAt, zone)}`),
      )}`;
    }
    case 'find_free_slots': {
      const slots = asArray(output.slots);
      if (slots.length === 0) return 'No common free time then.';
      return `Free: ${list(slots.map((s) => `${when(s.startsAt, zone)} to ${clock(s.endsAt, zone)}`))}`;
    }
    case 'create_event': {
      const people = asArray(output.attendees)
        .map((a) => str(a.name) ?? str(a.email))
        .filter((n): n is string => !!n);
      return `Scheduled "${title}" ${when(output.startsAt, zone)} to ${clock(output.endsAt, zone)}${people.length ? ` with ${people.join(', ')}` : ''}.`;
    }
    case 'update_event':
      return `Moved "${title}" to ${when(output.startsAt, zone)}.`;
    case 'delete_event':
      return `Deleted "${title}".`;
    case 'list_calls': {
      const calls = asArray(output.calls);
      if (calls.length === 0) return 'No calls match.';
      return `${plural(calls.length, 'call')}${output.hasMore ? ' (more available)' : ''}: ${list(
        calls.map(
          (c) => `${words(c.direction)} call ${when(c.startedAt, zone)}, ${words(c.scoreStatus)}`,
        ),
      )}`;
    }
    case 'get_call_score': {
      const score = asRecord(output.score);
      if (typeof score.overall !== 'number') {
        return `That call has no score yet (${words(output.scoreStatus) || 'not scored'}).`;
      }
      const failed = asArray(score.criteria).filter((c) => c.passed === false);
      return `The call scored ${score.overall}${failed.length ? `; it missed ${failed.map((c) => str(c.key)).join(', ')}` : ''}.`;
    }
    case 'score_call':
      return `Scoring the call (${words(output.status) || 'queued'}).`;
    case 'quality_report': {
      const rows = asArray(output.rows);
      const campaign =
        directory.campaigns.find((c) => c.id === input.campaignId)?.name ?? 'the campaign';
      return rows.length === 0
        ? `No scored calls for ${campaign} in that period.`
        : `Quality report for ${campaign}, by ${words(input.groupBy)}: ${plural(rows.length, 'row')}.`;
    }
    case 'list_campaigns': {
      const campaigns = asArray(output.campaigns);
      return campaigns.length
        ? `Campaigns: ${list(campaigns.map((c) => str(c.name) ?? ''))}`
        : 'No campaigns yet.';
    }
    case 'list_vehicles': {
      const vehicles = asArray(output.vehicles);
      return vehicles.length
        ? `${plural(vehicles.length, 'vehicle')}: ${list(vehicles.map((v) => str(v.name) ?? ''))}`
        : 'No vehicles yet.';
    }
    case 'locate_vehicle': {
      const name = str(output.name) ?? 'The vehicle';
      const position = asRecord(output.position);
      if (!output.position) return `${name} has not reported a position yet.`;
      const inside = asArray(output.geofences).map((g) => str(g.name));
      const at = str(position.atLocal) ?? when(position.at, zone);
      return `${name} was at ${String(position.lat)}, ${String(position.lng)}${at ? ` (${at})` : ''}${inside.length ? `, inside ${inside.join(', ')}` : ''}.`;
    }
    case 'list_fleet_alerts': {
      const alerts = asArray(output.alerts);
      return alerts.length
        ? `${plural(alerts.length, 'alert')}: ${list(alerts.map((a) => str(a.message) ?? words(a.kind)))}`
        : 'No open fleet alerts.';
    }
    case 'acknowledge_alert':
      return `Acknowledged the alert${str(output.message) ? `: ${str(output.message)}` : ''}.`;
    case 'find_members': {
      const members = asArray(output.members);
      return members.length
        ? list(members.map((m) => `${str(m.name) ?? ''}, ${str(m.email) ?? ''}`))
        : 'Nobody matches.';
    }
    case 'list_teams': {
      const teams = asArray(output.teams);
      return teams.length ? `Teams: ${list(teams.map((t) => str(t.name) ?? ''))}` : 'No teams yet.';
    }
    default:
      return 'Done.';
  }
}
