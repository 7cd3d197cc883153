import { AutomationTrigger } from './automation.enums';

/** The type of a whitelisted field, for validating a condition's operator and value. */
export type EventFieldType = 'string' | 'number' | 'boolean' | 'datetime' | 'enum' | 'id';

export interface EventField {
  /** Dotted path into the event data; `*` stands for one criterion key (`score.criteria.*.passed`). */
  path: string;
  type: EventFieldType;
  /** The values an `enum` field takes. */
  values?: readonly string[];
  description: string;
}

const TASK_STATUSES = ['TODO', 'IN_PROGRESS', 'BLOCKED', 'DONE', 'CANCELLED'] as const;
const TASK_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;
const TASK_SOURCES = ['WEB', 'VOICE', 'ASSISTANT', 'AUTOMATION', 'CALL', 'API'] as const;

const TASK_FIELDS: EventField[] = [
  { path: 'task.id', type: 'id', description: 'the task' },
  { path: 'task.title', type: 'string', description: 'its title' },
  { path: 'task.description', type: 'string', description: 'its description (may be empty)' },
  { path: 'task.status', type: 'enum', values: TASK_STATUSES, description: 'its status' },
  { path: 'task.priority', type: 'enum', values: TASK_PRIORITIES, description: 'its priority' },
  { path: 'task.source', type: 'enum', values: TASK_SOURCES, description: 'how it was created' },
  { path: 'task.dueAt', type: 'datetime', description: 'when it is due (ISO-8601, may be absent)' },
  { path: 'task.team.id', type: 'id', description: 'its team' },
  { path: 'task.team.name', type: 'string', description: "its team's name" },
  { path: 'task.assignee.id', type: 'id', description: 'its assignee (a user id)' },
  { path: 'task.assignee.name', type: 'string', description: "its assignee's name" },
  { path: 'task.creator.name', type: 'string', description: "its creator's name" },
];

/**
 * The fields each trigger's event offers to conditions (`{ field, op, value }`)
 * and to templates (`{{task.title}}`). Nothing else of the domain is
 * reachable from an automation; README's automations section lists them.
 */
export const EVENT_FIELDS: Record<AutomationTrigger, readonly EventField[]> = {
  [AutomationTrigger.TASK_CREATED]: TASK_FIELDS,
  [AutomationTrigger.TASK_OVERDUE]: TASK_FIELDS,
  [AutomationTrigger.CALL_SCORED]: [
    { path: 'call.id', type: 'id', description: 'the call' },
    {
      path: 'call.direction',
      type: 'enum',
      values: ['INBOUND', 'OUTBOUND'],
      description: 'its direction',
    },
    { path: 'call.durationSec', type: 'number', description: 'its length in seconds' },
    { path: 'call.agent.id', type: 'id', description: 'its agent (a user id)' },
    { path: 'call.agent.name', type: 'string', description: "its agent's name" },
    { path: 'call.campaign.id', type: 'id', description: 'its campaign' },
    { path: 'call.campaign.name', type: 'string', description: "its campaign's name" },
    { path: 'score.overall', type: 'number', description: 'the overall score, 0–100' },
    {
      path: 'score.criteria.*.passed',
      type: 'boolean',
      description: 'whether criterion <key> passed',
    },
    {
      path: 'score.criteria.*.score',
      type: 'number',
      description: "criterion <key>'s score, 0–100",
    },
  ],
  [AutomationTrigger.FLEET_ALERT]: [
    { path: 'alert.id', type: 'id', description: 'the alert' },
    {
      path: 'alert.kind',
      type: 'enum',
      values: ['SPEEDING', 'GEOFENCE_ENTER', 'GEOFENCE_EXIT', 'IDLE', 'STALE_POSITION'],
      description: 'what happened',
    },
    {
      path: 'alert.severity',
      type: 'enum',
      values: ['INFO', 'WARNING', 'CRITICAL'],
      description: 'how bad',
    },
    { path: 'alert.message', type: 'string', description: 'its readable message' },
    { path: 'vehicle.id', type: 'id', description: 'the vehicle' },
    { path: 'vehicle.name', type: 'string', description: "the vehicle's name" },
    { path: 'geofence.name', type: 'string', description: 'the geofence, for GEOFENCE_* alerts' },
  ],
  [AutomationTrigger.CALENDAR_EVENT_STARTING]: [
    {
      path: 'event.id',
      type: 'id',
      description: 'the event (the series, for an occurrence of a recurring one)',
    },
    { path: 'event.title', type: 'string', description: 'its title' },
    { path: 'event.location', type: 'string', description: 'its location (may be empty)' },
    { path: 'event.startsAt', type: 'datetime', description: "this occurrence's start" },
    { path: 'event.endsAt', type: 'datetime', description: "this occurrence's end" },
    { path: 'event.organizer.name', type: 'string', description: "its organizer's name" },
    { path: 'minutesBefore', type: 'number', description: "the automation's lead time" },
  ],
};

/** The whitelisted field `path` names for `trigger`, or undefined (a criterion key matches `*`). */
export function eventField(trigger: AutomationTrigger, path: string): EventField | undefined {
  const segments = path.split('.');
  return EVENT_FIELDS[trigger].find((field) => {
    const pattern = field.path.split('.');
    return (
      pattern.length === segments.length &&
      pattern.every(
        (part, i) =>
          part === segments[i] || (part === '*' && /^[A-Za-z0-9_-]{1,64}$/.test(segments[i])),
      )
    );
  });
}
