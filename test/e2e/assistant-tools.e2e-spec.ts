import { ConfirmationRepository } from '@/modules/assistant/confirmation.repository';
import { ConfirmationService } from '@/modules/assistant/confirmation.service';
import { ToolGate } from '@/modules/assistant/tool-gate.service';
import { TOOL_CATALOG, TOOL_OFFER } from '@/modules/assistant/tools/tool-definition';
import { ToolRegistry } from '@/modules/assistant/tools/tool-registry';
import {
  CALL,
  createCampaign,
  importCall,
  REPORT,
  UPDATE_SCORECARD,
} from '../factories/calls.factory';
import { AVAILABILITY, createEvent, EVENT } from '../factories/calendar.factory';
import {
  Account,
  addMemberWithRole,
  createTeam,
  gqlOk,
  Member,
  registerUser,
} from '../factories/identity.factory';
import {
  createGeofence,
  createVehicle,
  fleetAlerts,
  recordPositions,
  square,
} from '../factories/fleet.factory';
import { createTask, TASK, TASKS } from '../factories/task.factory';
import { assistantViewerOf, toolContextOf } from '../factories/assistant.factory';
import { eventually, startApi, TestApp } from '../utils/test-app';

/**
 * The assistant's tools against the real services: each tool's handler runs
 * as a real member (channel 'assistant') and what it wrote or read is checked
 * over GraphQL and in the database. Another organization's ids get
 * NOT_FOUND (or find nothing), never data. Permission refusals are the
 * gate's (ToolGate) and tested with it.
 */
describe('assistant tools', () => {
  let api: TestApp;
  let registry: ToolRegistry;
  let gate: ToolGate;

  beforeAll(async () => {
    api = await startApi({
      withWorker: true,
      env: {
        // The built-in judge scores calls; never a real provider from a test.
        ANTHROPIC_API_KEY: undefined,
        ANTHROPIC_BASE_URL: undefined,
        SAMSARA_API_BASE_URL: 'http://127.0.0.1:9',
      },
    });
    registry = api.app.get(ToolRegistry);
    // The gate over this registry and the real confirmation store.
    gate = new ToolGate(
      api.app.get(TOOL_CATALOG),
      new ConfirmationService(new ConfirmationRepository(api.dataSource)),
    );
  });
  afterAll(() => api.close());

  interface Organization {
    owner: Account;
    supervisor: Member;
    agent: Member;
    viewer: Member;
  }

  async function organization(): Promise<Organization> {
    const owner = await registerUser(api);
    const [supervisor, agent, viewer] = await Promise.all([
      addMemberWithRole(api, owner, 'SUPERVISOR'),
      addMemberWithRole(api, owner, 'AGENT'),
      addMemberWithRole(api, owner, 'VIEWER'),
    ]);
    return { owner, supervisor, agent, viewer };
  }

  const viewerOf = assistantViewerOf;
  const contextOf = toolContextOf;

  /** Validates the input as the gate does, then runs the tool's handler as `account`. */
  async function run(account: Account, name: string, input: unknown, timeZone?: string) {
    const tool = registry.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    return (await tool.run(contextOf(account, timeZone), tool.input.parse(input))) as any;
  }

  async function summarize(account: Account, name: string, input: unknown, timeZone?: string) {
    const tool = registry.get(name)!;
    return tool.summarize!(contextOf(account, timeZone), tool.input.parse(input));
  }

  async function auditActions(organizationId: string, entityId: string) {
    const rows: Array<{ action: string; actor_user_id: string | null }> =
      await api.dataSource.query(
        `SELECT action, actor_user_id FROM audit_entry
        WHERE organization_id = $1 AND entity_id = $2 ORDER BY created_at, id`,
        [organizationId, entityId],
      );
    return rows;
  }

  /** A vehicle of `owner`'s organization inside a "Depot" geofence, with one SPEEDING alert. */
  async function speedingVehicle(owner: Account) {
    const vehicle = await createVehicle(api, owner.accessToken, { speedLimitKph: 80 });
    const depot = await createGeofence(api, owner.accessToken, 'Depot', square(7, 45, 0.05));
    const start = new Date(Date.now() - 30 * 60_000);
    const point = (seconds: number, speedKph: number) => ({
      vehicleId: vehicle.id,
      at: new Date(start.getTime() + seconds * 1000),
      lat: 45,
      lng: 7 + seconds / 100_000,
      speedKph,
    });
    await recordPositions(
      api,
      owner.accessToken,
      Array.from({ length: 20 }, (_, i) => point(i * 5, 95)),
    );
    const [alert] = await fleetAlerts(api, owner.accessToken, { vehicleId: vehicle.id });
    expect(alert.kind).toBe('SPEEDING');
    return { vehicle, depot, alert, lastAt: point(95, 95).at };
  }

  describe('tasks', () => {
    it('create_task writes a task with source ASSISTANT, seen over GraphQL and in the audit log', async () => {
      const { owner, agent, viewer } = await organization();
      const team = await createTeam(api, owner);
      const created = await run(agent, 'create_task', {
        title: '  Order tires ',
        description: 'Four winter tires for truck 7',
        priority: 'HIGH',
        dueAt: '2027-01-04T17:00:00+01:00',
        assigneeId: viewer.userId,
        teamId: team.id,
        labels: ['fleet'],
      });
      expect(created).toMatchObject({
        title: 'Order tires',
        status: 'TODO',
        priority: 'HIGH',
        dueAt: '2027-01-04T16:00:00.000Z',
        assigneeId: viewer.userId,
        teamId: team.id,
        labels: ['fleet'],
        source: 'ASSISTANT',
      });
      const { task } = await gqlOk(api, TASK, { id: created.id }, owner.accessToken);
      expect(task).toMatchObject({
        title: 'Order tires',
        source: 'ASSISTANT',
        creator: { id: agent.userId },
        assignee: { id: viewer.userId },
        team: { id: team.id },
      });
      const { tasks } = await gqlOk(api, TASKS, { first: 50 }, owner.accessToken);
      expect(tasks.nodes.map((node: { id: string }) => node.id)).toContain(created.id);
      expect(await auditActions(owner.organizationId, created.id)).toEqual([
        { action: 'task.created', actor_user_id: agent.userId },
      ]);
    });

    it('list_tasks, get_task, update_task, complete_task and add_task_comment read and change the task', async () => {
      const { owner, agent, viewer } = await organization();
      const mine = await createTask(api, owner.accessToken, {
        title: 'Renew the lease',
        assigneeId: agent.userId,
        labels: ['office'],
      });
      const other = await createTask(api, owner.accessToken, { title: 'Paint the depot' });

      const byAssignee = await run(viewer, 'list_tasks', { assigneeId: agent.userId });
      expect(byAssignee.tasks.map((task: { id: string }) => task.id)).toEqual([mine.id]);
      expect(byAssignee).toMatchObject({ totalCount: 1, hasMore: false });
      const all = await run(viewer, 'list_tasks', { first: 1 });
      expect(all).toMatchObject({ totalCount: 2, hasMore: true });
      expect((await run(viewer, 'list_tasks', { search: 'depot' })).tasks).toEqual([
        expect.objectContaining({ id: other.id, title: 'Paint the depot' }),
      ]);
      expect((await run(viewer, 'list_tasks', { label: 'office' })).tasks).toHaveLength(1);

      const updated = await run(agent, 'update_task', {
        id: mine.id,
        priority: 'URGENT',
        assigneeId: null,
        dueAt: '2027-02-01T09:00:00Z',
        status: 'IN_PROGRESS',
      });
      expect(updated).toMatchObject({
        priority: 'URGENT',
        assigneeId: null,
        status: 'IN_PROGRESS',
        dueAt: '2027-02-01T09:00:00.000Z',
        title: 'Renew the lease',
      });
      const afterUpdate = (await gqlOk(api, TASK, { id: mine.id }, owner.accessToken)).task;
      expect(afterUpdate).toMatchObject({
        priority: 'URGENT',
        assignee: null,
        status: 'IN_PROGRESS',
      });

      const comment = await run(agent, 'add_task_comment', {
        taskId: mine.id,
        body: ' Called the landlord ',
      });
      expect(comment).toMatchObject({ taskId: mine.id, body: 'Called the landlord' });

      const completed = await run(agent, 'complete_task', { id: mine.id });
      expect(completed.status).toBe('DONE');
      expect(completed.completedAt).toEqual(expect.any(String));
      expect((await gqlOk(api, TASK, { id: mine.id }, owner.accessToken)).task.status).toBe('DONE');

      const read = await run(viewer, 'get_task', { id: mine.id });
      expect(read).toMatchObject({
        id: mine.id,
        status: 'DONE',
        subtasks: { total: 0, done: 0 },
        comments: [{ id: comment.id, authorId: agent.userId, body: 'Called the landlord' }],
      });
      expect((await run(viewer, 'list_tasks', { status: ['DONE'] })).tasks).toEqual([
        expect.objectContaining({ id: mine.id }),
      ]);
      expect(
        (await auditActions(owner.organizationId, mine.id)).map((entry) => entry.action),
      ).toEqual(['task.created', 'task.updated', 'task.comment_added', 'task.updated']);
    });

    it('delete_task names the task (and its subtasks) before deleting them', async () => {
      const { owner, agent } = await organization();
      const parent = await run(agent, 'create_task', { title: 'Order tires' });
      const child = await run(agent, 'create_task', { title: 'Pick a brand', parentId: parent.id });
      expect(child).toMatchObject({ parentId: parent.id, source: 'ASSISTANT' });
      expect(await summarize(agent, 'delete_task', { id: child.id })).toBe(
        'Delete the task "Pick a brand"?',
      );
      expect(await summarize(agent, 'delete_task', { id: parent.id })).toBe(
        'Delete the task "Order tires" and its 1 subtask?',
      );
      expect(await run(agent, 'delete_task', { id: parent.id })).toEqual({
        id: parent.id,
        title: 'Order tires',
        deleted: true,
      });
      for (const id of [parent.id, child.id]) {
        expect((await gqlOk(api, TASK, { id }, owner.accessToken)).task).toBeNull();
      }
      expect((await auditActions(owner.organizationId, parent.id)).map((e) => e.action)).toEqual([
        'task.created',
        'task.deleted',
      ]);
      await expect(summarize(agent, 'delete_task', { id: parent.id })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(run(agent, 'delete_task', { id: parent.id })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });
  });

  describe('calendar', () => {
    const DAY = { from: '2027-01-04T00:00:00Z', to: '2027-01-05T00:00:00Z' };

    it('create_event invites members by id with the caller as organizer; list_events, update_event and find_free_slots see it', async () => {
      const { owner, supervisor, agent, viewer } = await organization();
      const created = await run(
        agent,
        'create_event',
        {
          title: 'Planning',
          startsAt: '2027-01-04T11:00:00+01:00',
          endsAt: '2027-01-04T12:00:00+01:00',
          location: 'Room 2',
          timezone: 'UTC',
          attendeeIds: [viewer.userId, supervisor.userId, viewer.userId],
        },
        'Europe/Berlin',
      );
      expect(created).toMatchObject({
        title: 'Planning',
        startsAt: '2027-01-04T10:00:00.000Z',
        endsAt: '2027-01-04T11:00:00.000Z',
        startsAtLocal: 'Mon 2027-01-04 11:00',
        organizerId: agent.userId,
        location: 'Room 2',
      });
      const { event } = await gqlOk(api, EVENT, { id: created.id }, owner.accessToken);
      expect(event.organizer).toEqual({ id: agent.userId, email: agent.email });
      expect(
        event.attendees.map((a: { email: string; user: { id: string } }) => [a.email, a.user.id]),
      ).toEqual([
        [viewer.email, viewer.userId],
        [supervisor.email, supervisor.userId],
      ]);
      expect((await auditActions(owner.organizationId, created.id)).map((e) => e.action)).toEqual([
        'calendar_event.created',
      ]);

      const listed = await run(viewer, 'list_events', { ...DAY, userIds: [viewer.userId] });
      expect(listed.occurrences).toEqual([
        expect.objectContaining({
          eventId: created.id,
          title: 'Planning',
          startsAt: '2027-01-04T10:00:00.000Z',
          recurring: false,
        }),
      ]);
      expect(
        (await run(viewer, 'list_events', { ...DAY, userIds: [owner.userId] })).occurrences,
      ).toEqual([]);

      const input = {
        userIds: [agent.userId, viewer.userId],
        from: '2027-01-04T00:00:00Z',
        to: '2027-01-06T00:00:00Z',
        durationMinutes: 60,
      };
      const free = await run(viewer, 'find_free_slots', input, 'Europe/Berlin');
      const expected = (await gqlOk(api, AVAILABILITY, { input }, owner.accessToken)).availability;
      expect(
        free.slots.map((slot: { startsAt: string; endsAt: string }) => [
          slot.startsAt,
          slot.endsAt,
        ]),
      ).toEqual(
        expected.map((slot: { startsAt: string; endsAt: string }) => [
          new Date(slot.startsAt).toISOString(),
          new Date(slot.endsAt).toISOString(),
        ]),
      );
      expect(free.slots.length).toBeGreaterThan(0);
      for (const slot of free.slots) {
        // Never during the meeting (10:00-11:00 UTC).
        expect(
          slot.endsAt <= '2027-01-04T10:00:00.000Z' || slot.startsAt >= '2027-01-04T11:00:00.000Z',
        ).toBe(true);
      }
      expect(free.slots[0].startsAtLocal).toBe('Mon 2027-01-04 10:00');

      const updated = await run(agent, 'update_event', {
        id: created.id,
        title: 'Planning (moved)',
        startsAt: '2027-01-04T14:00:00Z',
        endsAt: '2027-01-04T15:00:00Z',
        attendeeIds: [viewer.userId],
      });
      expect(updated).toMatchObject({
        title: 'Planning (moved)',
        startsAt: '2027-01-04T14:00:00.000Z',
      });
      const after = (await gqlOk(api, EVENT, { id: created.id }, owner.accessToken)).event;
      expect(after).toMatchObject({
        title: 'Planning (moved)',
        startsAt: '2027-01-04T14:00:00.000Z',
      });
      expect(after.attendees.map((a: { email: string }) => a.email)).toEqual([viewer.email]);
    });

    it('create_event refuses attendees who are not members of the organization', async () => {
      const { agent } = await organization();
      const stranger = await registerUser(api);
      await expect(
        run(agent, 'create_event', {
          title: 'Secret',
          startsAt: '2027-01-04T10:00:00Z',
          endsAt: '2027-01-04T11:00:00Z',
          attendeeIds: [agent.userId, stranger.userId],
        }),
      ).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        details: {
          fields: [{ path: 'attendeeIds[1]', message: 'not a member of this organization' }],
        },
      });
    });

    it('delete_event names the event in the caller’s time zone, then deletes it', async () => {
      const { owner, agent } = await organization();
      const single = await run(agent, 'create_event', {
        title: 'Dentist',
        startsAt: '2027-01-04T08:30:00Z',
        endsAt: '2027-01-04T09:00:00Z',
      });
      const weekly = await run(agent, 'create_event', {
        title: 'Standup',
        startsAt: '2027-01-04T09:00:00Z',
        endsAt: '2027-01-04T09:15:00Z',
        recurrence: 'FREQ=WEEKLY;BYDAY=MO',
        timezone: 'UTC',
      });
      expect(await summarize(agent, 'delete_event', { id: single.id }, 'America/New_York')).toBe(
        'Delete the event "Dentist" on Mon 2027-01-04 03:30?',
      );
      expect(await summarize(agent, 'delete_event', { id: weekly.id })).toBe(
        'Delete the recurring event "Standup" with all its occurrences?',
      );
      expect(
        (
          await run(agent, 'list_events', {
            from: '2027-01-04T00:00:00Z',
            to: '2027-01-19T00:00:00Z',
          })
        ).occurrences.length,
      ).toBe(4);
      expect(await run(agent, 'delete_event', { id: weekly.id })).toEqual({
        id: weekly.id,
        title: 'Standup',
        deleted: true,
      });
      expect((await gqlOk(api, EVENT, { id: weekly.id }, owner.accessToken)).event).toBeNull();
      expect(
        (
          await run(agent, 'list_events', {
            from: '2027-01-04T00:00:00Z',
            to: '2027-01-19T00:00:00Z',
          })
        ).occurrences.map((o: { eventId: string }) => o.eventId),
      ).toEqual([single.id]);
      expect((await auditActions(owner.organizationId, weekly.id)).map((e) => e.action)).toEqual([
        'calendar_event.created',
        'calendar_event.deleted',
      ]);
    });
  });

  describe('calls', () => {
    it('list_campaigns, list_calls, get_call_score, score_call and quality_report', async () => {
      const { owner, supervisor, viewer, agent } = await organization();
      const campaign = await createCampaign(api, owner.accessToken);
      const call = await importCall(api, owner.accessToken, {
        campaignId: campaign.id,
        agentId: agent.userId,
      });
      const elsewhere = await importCall(api, owner.accessToken, {});

      expect((await run(viewer, 'list_campaigns', {})).campaigns).toEqual([
        { id: campaign.id, name: campaign.name, active: true, hasScorecard: true },
      ]);
      const listed = await run(viewer, 'list_calls', { campaignId: campaign.id });
      expect(listed.calls.map((c: { id: string }) => c.id)).toEqual([call.id]);
      expect(listed.calls[0]).toMatchObject({ agentId: agent.userId, campaignId: campaign.id });
      expect(listed.calls[0]).not.toHaveProperty('transcript');
      expect(
        (await run(viewer, 'list_calls', { agentId: agent.userId })).calls.map(
          (c: { id: string }) => c.id,
        ),
      ).toEqual([call.id]);
      expect(
        (await run(viewer, 'list_calls', {})).calls.map((c: { id: string }) => c.id).sort(),
      ).toEqual([call.id, elsewhere.id].sort());

      // Scored automatically on import (the worker runs in this process).
      const score = await eventually(
        async () => {
          const read = await run(viewer, 'get_call_score', { callId: call.id });
          return read.score ? read : undefined;
        },
        { timeoutMs: 20_000, what: 'the call to be scored' },
      );
      const graph = (await gqlOk(api, CALL, { id: call.id }, owner.accessToken)).call;
      expect(score).toMatchObject({
        callId: call.id,
        scoreStatus: 'SCORED',
        score: { id: graph.score.id, overall: graph.score.overall, scorecardVersion: 1 },
      });
      expect(score.score.criteria.map((c: { key: string }) => c.key)).toEqual(
        graph.score.criteria.map((c: { key: string }) => c.key),
      );

      // A new scorecard version: score_call queues the call again, audited.
      await gqlOk(
        api,
        UPDATE_SCORECARD,
        {
          campaignId: campaign.id,
          criteria: [
            {
              key: 'greeting',
              description: 'Greets the caller',
              kind: 'PHRASE_REQUIRED',
              weight: 1,
              config: { phrases: ['thank you for calling'] },
            },
          ],
        },
        owner.accessToken,
      );
      const job = await run(supervisor, 'score_call', { callId: call.id });
      expect(job).toMatchObject({ callId: call.id, scorecardVersion: 2 });
      expect(['QUEUED', 'RUNNING', 'COMPLETED']).toContain(job.status);
      const requested = await auditActions(owner.organizationId, call.id);
      expect(requested).toContainEqual({
        action: 'call.score_requested',
        actor_user_id: supervisor.userId,
      });
      await eventually(
        async () => {
          const read = await run(viewer, 'get_call_score', { callId: call.id });
          return read.score?.scorecardVersion === 2 ? read : undefined;
        },
        { timeoutMs: 20_000, what: 'the second scoring' },
      );

      const window = {
        campaignId: campaign.id,
        from: new Date(Date.now() - 86_400_000).toISOString(),
        to: new Date(Date.now() + 86_400_000).toISOString(),
      };
      for (const groupBy of ['AGENT', 'DAY', 'CRITERION']) {
        const report = await run(viewer, 'quality_report', { ...window, groupBy });
        const expected = (await gqlOk(api, REPORT, { ...window, groupBy }, owner.accessToken))
          .callQualityReport;
        expect(report).toEqual({ campaignId: campaign.id, groupBy, rows: expected });
        expect(report.rows.length).toBeGreaterThan(0);
      }
    });
  });

  describe('fleet', () => {
    it('list_vehicles, locate_vehicle, list_fleet_alerts and acknowledge_alert', async () => {
      const { owner, supervisor, viewer } = await organization();
      const { vehicle, depot, alert, lastAt } = await speedingVehicle(owner);
      const idle = await createVehicle(api, owner.accessToken, { name: 'Aardvark van' });

      expect((await run(viewer, 'list_vehicles', {})).vehicles).toEqual([
        { id: idle.id, name: 'Aardvark van', licensePlate: null, lastPositionAt: null },
        {
          id: vehicle.id,
          name: vehicle.name,
          licensePlate: null,
          lastPositionAt: lastAt.toISOString(),
        },
      ]);

      expect(await run(viewer, 'locate_vehicle', { vehicleId: vehicle.id })).toMatchObject({
        vehicleId: vehicle.id,
        position: { lat: 45, lng: 7 + 95 / 100_000, at: lastAt.toISOString(), speedKph: 95 },
        geofences: [{ id: depot.id, name: 'Depot' }],
      });
      expect(await run(viewer, 'locate_vehicle', { vehicleId: idle.id })).toMatchObject({
        position: null,
        geofences: [],
      });

      const open = await run(viewer, 'list_fleet_alerts', {
        vehicleId: vehicle.id,
        acknowledged: false,
      });
      expect(open.alerts).toEqual([
        expect.objectContaining({
          id: alert.id,
          kind: 'SPEEDING',
          vehicleId: vehicle.id,
          acknowledgedAt: null,
        }),
      ]);
      expect((await run(viewer, 'list_fleet_alerts', { vehicleId: idle.id })).alerts).toEqual([]);

      const acknowledged = await run(supervisor, 'acknowledge_alert', { id: alert.id });
      expect(acknowledged).toMatchObject({ id: alert.id, acknowledgedAt: expect.any(String) });
      const [after] = await fleetAlerts(api, owner.accessToken, { vehicleId: vehicle.id });
      expect(after.acknowledgedAt).toBe(acknowledged.acknowledgedAt);
      expect((await run(viewer, 'list_fleet_alerts', { acknowledged: false })).alerts).toEqual([]);
      expect(await auditActions(owner.organizationId, alert.id)).toEqual([
        { action: 'fleet.alert_acknowledged', actor_user_id: supervisor.userId },
      ]);
    });
  });

  describe('directory', () => {
    it('find_members resolves people by name or email; list_teams lists teams', async () => {
      const { owner, agent, viewer } = await organization();
      const team = await createTeam(api, owner, 'Dispatch');
      const stranger = await registerUser(api);

      expect((await run(viewer, 'find_members', { query: 'agent' })).members).toEqual([
        {
          id: agent.userId,
          name: 'Test AGENT',
          email: agent.email,
          role: 'AGENT',
          timeZone: 'UTC',
        },
      ]);
      expect(
        (await run(viewer, 'find_members', { query: agent.email.toUpperCase() })).members,
      ).toEqual([expect.objectContaining({ id: agent.userId })]);
      expect((await run(viewer, 'find_members', { query: 'test owner' })).members).toEqual([
        expect.objectContaining({ id: owner.userId, role: 'OWNER' }),
      ]);
      const everyone = await run(viewer, 'find_members', {});
      expect(everyone.members).toHaveLength(4);
      expect(everyone.truncated).toBe(false);
      // LIKE's wildcards are taken literally.
      expect((await run(viewer, 'find_members', { query: '%' })).members).toEqual([]);
      expect((await run(viewer, 'find_members', { query: stranger.email })).members).toEqual([]);

      expect((await run(viewer, 'list_teams', {})).teams).toEqual([
        { id: team.id, name: 'Dispatch', description: 'made by a test' },
      ]);
    });
  });

  describe('through the gate', () => {
    it('the module hands out the registry as the gate’s catalog and the planners’ offer', () => {
      expect(api.app.get(TOOL_CATALOG)).toBe(registry);
      expect(api.app.get(TOOL_OFFER)).toBe(registry);
    });

    it('refuses each role the tools it was not offered, and writes nothing', async () => {
      const { owner, supervisor, agent, viewer } = await organization();
      const task = await createTask(api, owner.accessToken, { title: 'Keep me' });
      const { alert } = await speedingVehicle(owner);
      const campaign = await createCampaign(api, owner.accessToken);
      const call = await importCall(api, owner.accessToken, { campaignId: campaign.id });
      const inputs: Record<string, Record<string, unknown>> = {
        create_task: { title: 'Sneaky' },
        update_task: { id: task.id, title: 'Sneaky' },
        complete_task: { id: task.id },
        delete_task: { id: task.id },
        add_task_comment: { taskId: task.id, body: 'Sneaky' },
        create_event: {
          title: 'Sneaky',
          startsAt: '2027-01-04T10:00:00Z',
          endsAt: '2027-01-04T11:00:00Z',
        },
        score_call: { callId: call.id },
        acknowledge_alert: { id: alert.id },
      };
      // (Joining the organization was audited as them; nothing after this may be.)
      const [{ since }]: Array<{ since: Date }> = await api.dataSource.query(
        'SELECT clock_timestamp() AS since',
      );
      const refused: Record<string, string[]> = {
        VIEWER: Object.keys(inputs),
        AGENT: ['score_call', 'acknowledge_alert'],
        SUPERVISOR: [],
      };
      for (const member of [viewer, agent, supervisor]) {
        const offered = registry.offeredTo(viewerOf(member)).map((tool) => tool.name);
        for (const name of Object.keys(inputs)) {
          expect([member.role, name, offered.includes(name)]).toEqual([
            member.role,
            name,
            !refused[member.role].includes(name),
          ]);
        }
        for (const name of refused[member.role]) {
          const { outcome } = await gate.call(contextOf(member), name, inputs[name]);
          expect([name, outcome]).toEqual([
            name,
            expect.objectContaining({ status: 'error', code: 'FORBIDDEN' }),
          ]);
        }
      }
      expect((await gqlOk(api, TASK, { id: task.id }, owner.accessToken)).task).toMatchObject({
        title: 'Keep me',
        status: 'TODO',
      });
      const [untouched] = await fleetAlerts(api, owner.accessToken, {});
      expect(untouched.acknowledgedAt).toBeNull();
      const written: unknown[] = await api.dataSource.query(
        `SELECT action FROM audit_entry
          WHERE organization_id = $1 AND actor_user_id = ANY($2::uuid[]) AND created_at >= $3`,
        [owner.organizationId, [viewer.userId, agent.userId], since],
      );
      expect(written).toEqual([]);
    });

    it('delete_task asks first with the tool’s summary, and deletes only with the token', async () => {
      const { owner, agent } = await organization();
      const task = await createTask(api, owner.accessToken, { title: 'Order tires' });
      const asked = await gate.call(contextOf(agent), 'delete_task', { id: task.id });
      expect(asked.outcome).toMatchObject({
        status: 'needs_confirmation',
        summary: 'Delete the task "Order tires"?',
      });
      expect((await gqlOk(api, TASK, { id: task.id }, owner.accessToken)).task).not.toBeNull();
      const token = (asked.outcome as { token: string }).token;
      const done = await gate.call(
        contextOf(agent),
        'delete_task',
        { id: task.id },
        { confirmationToken: token },
      );
      expect(done.outcome).toEqual({
        status: 'ok',
        output: { id: task.id, title: 'Order tires', deleted: true },
      });
      expect((await gqlOk(api, TASK, { id: task.id }, owner.accessToken)).task).toBeNull();
    });

    it('answers validation and domain errors as outcomes', async () => {
      const { agent } = await organization();
      const stranger = await registerUser(api);
      const foreign = await createTask(api, stranger.accessToken, { title: 'Elsewhere' });
      expect(
        (await gate.call(contextOf(agent), 'get_task', { id: foreign.id })).outcome,
      ).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
      expect(
        (await gate.call(contextOf(agent), 'create_task', { title: 'x', owner: 'me' })).outcome,
      ).toMatchObject({ status: 'error', code: 'BAD_USER_INPUT' });
      const created = await gate.call(contextOf(agent), 'create_task', { title: 'Via the gate' });
      expect(created.outcome).toMatchObject({
        status: 'ok',
        output: { title: 'Via the gate', source: 'ASSISTANT' },
      });
      expect(created.input).toEqual({ title: 'Via the gate' });
    });
  });

  describe('another organization', () => {
    it('gets NOT_FOUND for its ids, or finds nothing, and changes none of them', async () => {
      const { owner: outsider, supervisor } = await organization();
      const victim = await registerUser(api);
      const team = await createTeam(api, victim);
      const task = await createTask(api, victim.accessToken, { title: 'Private', teamId: team.id });
      const event = await createEvent(api, victim.accessToken, {
        title: 'Board meeting',
        startsAt: '2027-01-04T10:00:00Z',
        endsAt: '2027-01-04T11:00:00Z',
      });
      const campaign = await createCampaign(api, victim.accessToken);
      const call = await importCall(api, victim.accessToken, { campaignId: campaign.id });
      const { vehicle, alert } = await speedingVehicle(victim);
      const window = { from: '2027-01-04T00:00:00Z', to: '2027-01-05T00:00:00Z' };

      const notFound: Array<[string, Record<string, unknown>]> = [
        ['get_task', { id: task.id }],
        ['update_task', { id: task.id, title: 'Mine now' }],
        ['complete_task', { id: task.id }],
        ['delete_task', { id: task.id }],
        ['add_task_comment', { taskId: task.id, body: 'hello' }],
        ['update_event', { id: event.id, title: 'Mine now' }],
        ['delete_event', { id: event.id }],
        ['find_free_slots', { userIds: [victim.userId], ...window }],
        ['get_call_score', { callId: call.id }],
        ['score_call', { callId: call.id }],
        ['quality_report', { campaignId: campaign.id, ...window, groupBy: 'DAY' }],
        ['locate_vehicle', { vehicleId: vehicle.id }],
        ['acknowledge_alert', { id: alert.id }],
      ];
      for (const [name, input] of notFound) {
        await expect(run(supervisor, name, input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      }
      for (const name of ['delete_task', 'delete_event']) {
        const id = name === 'delete_task' ? task.id : event.id;
        await expect(summarize(supervisor, name, { id })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      }
      // References to it in a new task or event are the caller's mistake.
      await expect(
        run(supervisor, 'create_task', { title: 'x', assigneeId: victim.userId }),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      await expect(
        run(supervisor, 'create_task', { title: 'x', parentId: task.id }),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      await expect(
        run(supervisor, 'create_task', { title: 'x', teamId: team.id }),
      ).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
      });
      // Filters by its ids find nothing.
      expect((await run(supervisor, 'list_tasks', { teamId: team.id })).tasks).toEqual([]);
      expect(
        (await run(supervisor, 'list_events', { ...window, userIds: [victim.userId] })).occurrences,
      ).toEqual([]);
      expect((await run(supervisor, 'list_calls', { campaignId: campaign.id })).calls).toEqual([]);
      expect(
        (await run(supervisor, 'list_fleet_alerts', { vehicleId: vehicle.id })).alerts,
      ).toEqual([]);
      expect((await run(supervisor, 'find_members', { query: victim.email })).members).toEqual([]);
      // Nor do the unfiltered lists show it.
      expect((await run(supervisor, 'list_tasks', {})).tasks).toEqual([]);
      expect((await run(supervisor, 'list_events', window)).occurrences).toEqual([]);
      expect((await run(supervisor, 'list_calls', {})).calls).toEqual([]);
      expect((await run(supervisor, 'list_campaigns', {})).campaigns).toEqual([]);
      expect((await run(supervisor, 'list_vehicles', {})).vehicles).toEqual([]);
      expect((await run(supervisor, 'list_fleet_alerts', {})).alerts).toEqual([]);
      expect((await run(supervisor, 'list_teams', {})).teams).toEqual([]);
      expect(
        (await run(supervisor, 'find_members', {})).members.map((m: { id: string }) => m.id),
      ).not.toContain(victim.userId);
      expect(outsider.organizationId).not.toBe(victim.organizationId);

      // Everything of the victim's is as it was.
      expect((await gqlOk(api, TASK, { id: task.id }, victim.accessToken)).task).toMatchObject({
        title: 'Private',
        status: 'TODO',
      });
      expect((await gqlOk(api, EVENT, { id: event.id }, victim.accessToken)).event.title).toBe(
        'Board meeting',
      );
      const [untouched] = await fleetAlerts(api, victim.accessToken, { vehicleId: vehicle.id });
      expect(untouched.acknowledgedAt).toBeNull();
      const audited: Array<{ actor_user_id: string }> = await api.dataSource.query(
        'SELECT actor_user_id FROM audit_entry WHERE organization_id = $1 AND actor_user_id = $2',
        [victim.organizationId, supervisor.userId],
      );
      expect(audited).toEqual([]);
    });
  });
});
