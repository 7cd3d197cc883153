import { Role } from '@/access/role';
import { CalendarTools } from './calendar.tools';
import { CallTools } from './call.tools';
import { DirectoryTools } from './directory.tools';
import { FleetTools } from './fleet.tools';
import { TaskTools } from './task.tools';
import { ToolRegistry } from './tool-registry';

/**
 * The public API of assistant-tools.md: every tool, the exact fields of its
 * input, its permission and whether it is destructive. (The handlers run
 * against the real services in test/e2e/assistant-tools.e2e-spec.ts; here
 * no handler runs, so the services are not needed.)
 */
const EXPECTED: Record<string, { fields: string[]; permission: string; required?: string[] }> = {
  create_task: {
    fields: [
      'title',
      'description',
      'priority',
      'dueAt',
      'assigneeId',
      'teamId',
      'parentId',
      'labels',
    ],
    permission: 'tasks:write',
    required: ['title'],
  },
  list_tasks: {
    fields: [
      'status',
      'priority',
      'assigneeId',
      'teamId',
      'label',
      'dueBefore',
      'dueAfter',
      'search',
      'first',
    ],
    permission: 'tasks:read',
    required: [],
  },
  get_task: { fields: ['id'], permission: 'tasks:read', required: ['id'] },
  update_task: {
    fields: [
      'id',
      'title',
      'description',
      'status',
      'priority',
      'dueAt',
      'assigneeId',
      'teamId',
      'labels',
    ],
    permission: 'tasks:write',
    required: ['id'],
  },
  complete_task: { fields: ['id'], permission: 'tasks:write', required: ['id'] },
  delete_task: { fields: ['id'], permission: 'tasks:write', required: ['id'] },
  add_task_comment: {
    fields: ['taskId', 'body'],
    permission: 'tasks:write',
    required: ['taskId', 'body'],
  },
  list_events: {
    fields: ['from', 'to', 'userIds'],
    permission: 'calendar:read',
    required: ['from', 'to'],
  },
  create_event: {
    fields: [
      'title',
      'startsAt',
      'endsAt',
      'description',
      'location',
      'allDay',
      'timezone',
      'recurrence',
      'attendeeIds',
    ],
    permission: 'calendar:write',
    required: ['title', 'startsAt', 'endsAt'],
  },
  update_event: {
    fields: [
      'id',
      'title',
      'startsAt',
      'endsAt',
      'description',
      'location',
      'timezone',
      'attendeeIds',
    ],
    permission: 'calendar:write',
    required: ['id'],
  },
  delete_event: { fields: ['id'], permission: 'calendar:write', required: ['id'] },
  find_free_slots: {
    fields: ['userIds', 'from', 'to', 'durationMinutes', 'workdayStart', 'workdayEnd'],
    permission: 'calendar:read',
    required: ['userIds', 'from', 'to'],
  },
  list_calls: {
    fields: ['campaignId', 'agentId', 'from', 'to', 'first'],
    permission: 'calls:read',
    required: [],
  },
  get_call_score: { fields: ['callId'], permission: 'calls:read', required: ['callId'] },
  score_call: { fields: ['callId'], permission: 'calls:score', required: ['callId'] },
  quality_report: {
    fields: ['campaignId', 'from', 'to', 'groupBy'],
    permission: 'calls:read',
    required: ['campaignId', 'from', 'to', 'groupBy'],
  },
  list_campaigns: { fields: [], permission: 'calls:read' },
  list_vehicles: { fields: [], permission: 'fleet:read' },
  locate_vehicle: { fields: ['vehicleId'], permission: 'fleet:read', required: ['vehicleId'] },
  list_fleet_alerts: {
    fields: ['vehicleId', 'acknowledged', 'first'],
    permission: 'fleet:read',
    required: [],
  },
  acknowledge_alert: { fields: ['id'], permission: 'fleet:manage', required: ['id'] },
  find_members: { fields: ['query'], permission: 'organization:read', required: [] },
  list_teams: { fields: [], permission: 'organization:read' },
};

const READ_PERMISSIONS = [
  'organization:read',
  'tasks:read',
  'calendar:read',
  'calls:read',
  'fleet:read',
];
const ID = '6f1c2d3e-1111-4222-8333-444455556666';

function registry(): ToolRegistry {
  const none = {} as never;
  return new ToolRegistry(
    new TaskTools(none, none, none, none),
    new CalendarTools(none, none, none),
    new CallTools(none, none, none, none),
    new FleetTools(none, none, none),
    new DirectoryTools(none, none),
  );
}

const names = (tools: Array<{ name: string }>) => tools.map((tool) => tool.name).sort();

describe('ToolRegistry', () => {
  const tools = registry();

  it('holds exactly the tools of assistant-tools.md, each name once', () => {
    const all = names(tools.all());
    expect(all).toEqual(Object.keys(EXPECTED).sort());
    expect(new Set(all).size).toBe(all.length);
  });

  it('refuses two tools of one name', () => {
    const none = {} as never;
    const directory = new DirectoryTools(none, none);
    const twice = { tools: [...directory.tools, directory.tools[0]] } as DirectoryTools;
    expect(
      () =>
        new ToolRegistry(
          new TaskTools(none, none, none, none),
          new CalendarTools(none, none, none),
          new CallTools(none, none, none, none),
          new FleetTools(none, none, none),
          twice,
        ),
    ).toThrow('two assistant tools are named find_members');
  });

  it.each(Object.entries(EXPECTED))(
    '%s: exact input fields, closed object, its permission',
    (name, expected) => {
      const tool = tools.get(name)!;
      expect(tool.permission).toBe(expected.permission);
      const [descriptor] = tools.offeredTo({ role: Role.OWNER }).filter((d) => d.name === name);
      const schema = descriptor.inputSchema as {
        type: string;
        properties?: Record<string, unknown>;
        required?: string[];
        additionalProperties: boolean;
      };
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties ?? {}).sort()).toEqual([...expected.fields].sort());
      expect([...(schema.required ?? [])].sort()).toEqual([...(expected.required ?? [])].sort());
      expect(schema.additionalProperties).toBe(false);
      expect(descriptor).toMatchObject({
        name,
        title: tool.title,
        description: tool.description,
        readOnly: tool.readOnly,
        destructive: tool.destructive,
      });
      expect(tool.title.length).toBeGreaterThan(0);
      expect(tool.description.length).toBeGreaterThan(40);
    },
  );

  it('marks exactly delete_task and delete_event destructive, each with a summary', () => {
    const destructive = tools.all().filter((tool) => tool.destructive);
    expect(names(destructive)).toEqual(['delete_event', 'delete_task']);
    for (const tool of destructive) expect(typeof tool.summarize).toBe('function');
  });

  it('calls a tool read-only exactly when its permission is a read permission', () => {
    for (const tool of tools.all()) {
      expect([tool.name, tool.readOnly]).toEqual([
        tool.name,
        READ_PERMISSIONS.includes(tool.permission),
      ]);
    }
  });

  it('offers a VIEWER only the reading tools', () => {
    expect(names(tools.offeredTo({ role: Role.VIEWER }))).toEqual(
      [
        'list_tasks',
        'get_task',
        'list_events',
        'find_free_slots',
        'list_calls',
        'get_call_score',
        'quality_report',
        'list_campaigns',
        'list_vehicles',
        'locate_vehicle',
        'list_fleet_alerts',
        'find_members',
        'list_teams',
      ].sort(),
    );
  });

  it('offers an AGENT everything but scoring calls and acknowledging alerts', () => {
    expect(names(tools.offeredTo({ role: Role.AGENT }))).toEqual(
      Object.keys(EXPECTED)
        .filter((name) => name !== 'score_call' && name !== 'acknowledge_alert')
        .sort(),
    );
  });

  it('offers a SUPERVISOR (and above) every tool', () => {
    for (const role of [Role.SUPERVISOR, Role.ADMIN, Role.OWNER]) {
      expect(names(tools.offeredTo({ role }))).toEqual(Object.keys(EXPECTED).sort());
    }
  });

  it('hands out the same descriptors each time (JSON Schema made once)', () => {
    const [a] = tools.offeredTo({ role: Role.VIEWER });
    const [b] = tools.offeredTo({ role: Role.VIEWER });
    expect(a).toBe(b);
  });

  describe('input validation', () => {
    const parse = (name: string, input: unknown) => tools.get(name)!.input.safeParse(input);

    it('rejects unknown keys', () => {
      expect(parse('get_task', { id: ID, extra: 1 }).success).toBe(false);
      expect(parse('list_vehicles', { all: true }).success).toBe(false);
    });

    it('takes ids as UUIDs and instants only with an offset or Z', () => {
      expect(parse('get_task', { id: 'Order tires' }).success).toBe(false);
      expect(
        parse('list_events', { from: '2026-12-07T09:00:00Z', to: '2026-12-08T09:00:00+01:00' })
          .success,
      ).toBe(true);
      expect(
        parse('list_events', { from: '2026-12-07T09:00:00', to: '2026-12-08T09:00:00Z' }).success,
      ).toBe(false);
      expect(parse('list_events', { from: 'tomorrow', to: '2026-12-08T09:00:00Z' }).success).toBe(
        false,
      );
    });

    it('fills defaults and keeps bounds', () => {
      const listed = parse('list_tasks', {});
      expect(listed.success && listed.data).toEqual({ first: 20 });
      expect(parse('list_tasks', { first: 51 }).success).toBe(false);
      expect(parse('list_tasks', { first: 0 }).success).toBe(false);
      const slots = parse('find_free_slots', {
        userIds: [ID],
        from: '2026-12-07T00:00:00Z',
        to: '2026-12-08T00:00:00Z',
      });
      expect(slots.success && slots.data).toMatchObject({ durationMinutes: 30 });
      expect(
        parse('find_free_slots', {
          userIds: [ID],
          from: '2026-12-07T00:00:00Z',
          to: '2026-12-08T00:00:00Z',
          workdayStart: '9am',
        }).success,
      ).toBe(false);
    });

    it('trims titles and refuses empty ones', () => {
      const created = parse('create_task', { title: '  Order tires ' });
      expect(created.success && created.data).toEqual({ title: 'Order tires' });
      expect(parse('create_task', { title: '   ' }).success).toBe(false);
      expect(parse('create_task', {}).success).toBe(false);
    });

    it('lets update_task clear nullable fields with null, not the title', () => {
      expect(
        parse('update_task', {
          id: ID,
          description: null,
          dueAt: null,
          assigneeId: null,
          teamId: null,
        }).success,
      ).toBe(true);
      expect(parse('update_task', { id: ID, title: null }).success).toBe(false);
      expect(parse('update_task', { id: ID, status: 'FINISHED' }).success).toBe(false);
    });

    it('takes only IANA time zones and known report groupings', () => {
      const event = {
        title: 'Standup',
        startsAt: '2026-12-07T09:00:00Z',
        endsAt: '2026-12-07T09:15:00Z',
      };
      expect(parse('create_event', { ...event, timezone: 'Europe/Berlin' }).success).toBe(true);
      expect(parse('create_event', { ...event, timezone: 'Mars/Olympus' }).success).toBe(false);
      const report = { campaignId: ID, from: '2026-12-01T00:00:00Z', to: '2026-12-07T00:00:00Z' };
      expect(parse('quality_report', { ...report, groupBy: 'AGENT' }).success).toBe(true);
      expect(parse('quality_report', { ...report, groupBy: 'TEAM' }).success).toBe(false);
    });
  });
});
