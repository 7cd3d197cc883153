/**
 * The cross-tenant registry: one entry for every Query, Mutation and
 * Subscription field of the schema (test/e2e/cross-tenant.e2e-spec.ts fails
 * when a field has none). A new domain adds:
 *
 *   1. a seed to SEEDS that creates its data in a tenant and records the ids
 *      (`tenant.ids.taskId = ...`) and the tenant-only values (`markers`);
 *   2. a SNAPSHOTS query that reads that data back (proves nothing changed);
 *   3. cases in OPERATIONS for its operations.
 *
 * No test code: the spec runs every case with tenant B's credentials (a
 * person's session and an API key) against tenant A's ids.
 */
import {
  Account,
  addMemberWithRole,
  addTeamMember,
  createApiKey,
  createTeam,
  gqlOk,
  login,
  Member,
  membershipIdOf,
  registerUser,
  suffix,
  uniqueEmail,
} from '../factories/identity.factory';
import { createTask } from '../factories/task.factory';
// ---- fleet (issue 7)
import {
  createGeofence,
  createVehicle,
  fleetAlerts,
  recordPositions,
  square,
} from '../factories/fleet.factory';
// ---- end fleet
import { createEvent } from '../factories/calendar.factory';
import { TestApp } from '../utils/test-app';
// ---- calls module (issue 5)
import { CALLS_OPERATIONS, CALLS_SEED, CALLS_SNAPSHOT } from './calls.operations';
import { ASSISTANT_OPERATIONS, ASSISTANT_SEED, ASSISTANT_SNAPSHOT } from './assistant.operations';
import {
  AUTOMATIONS_OPERATIONS,
  AUTOMATIONS_SEED,
  AUTOMATIONS_SNAPSHOT,
} from './automations.operations';
import {
  AUTOMATION_WEBHOOKS_OPERATIONS,
  AUTOMATION_WEBHOOKS_SEED,
} from './automation-webhooks.operations';
import { AUTOMATION_RUNS_OPERATIONS, AUTOMATION_RUNS_SEED } from './automation-runs.operations';

type Variables = Record<string, unknown>;

/** One organization with some of everything in it, as the seeds made it. */
export interface Tenant {
  label: string;
  owner: Account;
  /** An AGENT, LEAD of `ids.teamId`. */
  member: Member;
  /** A VIEWER in no team. */
  viewer: Member;
  /** Named ids of this tenant's data (organizationId, teamId, apiKeyId, …). */
  ids: Record<string, string>;
  /** Values only this tenant's data holds (emails, names): must never reach another tenant. */
  markers: string[];
  /** Bearer secrets of this tenant (an OWNER API key, an unused invitation token). */
  secrets: Record<string, string>;
}

export interface Seed {
  name: string;
  seed(api: TestApp, tenant: Tenant): Promise<void>;
}

/** Builds a tenant: an owner, then every seed in order. */
export async function seedTenant(api: TestApp, label: string): Promise<Tenant> {
  const organizationName = `Org ${label} ${suffix()}`;
  const owner = await registerUser(api, { organizationName, name: `Owner ${label} ${suffix()}` });
  const tenant: Tenant = {
    label,
    owner,
    member: undefined as unknown as Member,
    viewer: undefined as unknown as Member,
    ids: {
      organizationId: owner.organizationId,
      ownerUserId: owner.userId,
      ownerSessionId: owner.sessionId,
    },
    markers: [owner.email, organizationName],
    secrets: {},
  };
  for (const { seed } of SEEDS) await seed(api, tenant);
  return tenant;
}

export const SEEDS: Seed[] = [
  {
    name: 'members',
    async seed(api, tenant) {
      tenant.ids.ownerMembershipId = await membershipIdOf(api, tenant.owner);
      tenant.member = await addMemberWithRole(api, tenant.owner, 'AGENT');
      tenant.viewer = await addMemberWithRole(api, tenant.owner, 'VIEWER');
      Object.assign(tenant.ids, {
        memberUserId: tenant.member.userId,
        memberMembershipId: tenant.member.membershipId,
        memberSessionId: tenant.member.sessionId,
        viewerUserId: tenant.viewer.userId,
        viewerMembershipId: tenant.viewer.membershipId,
      });
      tenant.markers.push(tenant.member.email, tenant.viewer.email);
      // A pending invitation: a user with no password yet.
      const invited = await gqlOk<{ addMember: { id: string; user: { id: string } } }>(
        api,
        `mutation Invite($input: AddMemberInput!) { addMember(input: $input) { id status user { id } } }`,
        {
          input: {
            email: uniqueEmail(`invited-${tenant.label}`),
            name: `Invited ${suffix()}`,
            role: 'VIEWER',
          },
        },
        tenant.owner.accessToken,
      );
      tenant.ids.invitationId = invited.addMember.id;
      tenant.ids.invitedUserId = invited.addMember.user.id;
    },
  },
  {
    name: 'teams',
    async seed(api, tenant) {
      const name = `Team ${tenant.label} ${suffix()}`;
      const team = await createTeam(api, tenant.owner, name);
      await addTeamMember(api, tenant.owner, team.id, tenant.member.userId, 'LEAD');
      tenant.ids.teamId = team.id;
      tenant.markers.push(name);
    },
  },
  {
    name: 'api keys',
    async seed(api, tenant) {
      const key = await createApiKey(api, tenant.owner, 'VIEWER');
      tenant.ids.apiKeyId = key.id;
      tenant.markers.push(key.prefix);
      // The tenant's own credential for probes (an OWNER key: the strongest a key can be).
      const probe = await createApiKey(api, tenant.owner, 'OWNER');
      tenant.secrets.apiKey = probe.secret;
      tenant.ids.probeApiKeyId = probe.id;
    },
  },
  {
    name: 'tasks',
    async seed(api, tenant) {
      const title = `Task ${tenant.label} ${suffix()}`;
      const task = await createTask(api, tenant.owner.accessToken, {
        title,
        teamId: tenant.ids.teamId,
        assigneeId: tenant.member.userId,
        labels: [`label-${tenant.label}`],
      });
      const subtask = await createTask(api, tenant.owner.accessToken, {
        title: `Subtask ${tenant.label} ${suffix()}`,
        parentId: task.id,
      });
      const comment = `Comment ${tenant.label} ${suffix()}`;
      await gqlOk(
        api,
        'mutation C($taskId: ID!, $body: String!) { addTaskComment(taskId: $taskId, body: $body) { id } }',
        { taskId: task.id, body: comment },
        tenant.owner.accessToken,
      );
      tenant.ids.taskId = task.id;
      tenant.ids.subtaskId = subtask.id;
      tenant.markers.push(title, comment);
    },
  },
  // ---- fleet (issue 7): a vehicle with a driver who is the member, a geofence, an alert
  {
    name: 'fleet',
    async seed(api, tenant) {
      const token = tenant.owner.accessToken;
      const { createDriver } = await gqlOk<{ createDriver: { id: string } }>(
        api,
        'mutation ($input: CreateDriverInput!) { createDriver(input: $input) { id } }',
        { input: { name: `Driver ${tenant.label} ${suffix()}`, userId: tenant.member.userId } },
        token,
      );
      const name = `Vehicle ${tenant.label} ${suffix()}`;
      const externalId = `ext-${tenant.label}-${suffix()}`;
      const vehicle = await createVehicle(api, token, {
        name,
        externalId,
        driverId: createDriver.id,
      });
      const fence = `Fence ${tenant.label} ${suffix()}`;
      const geofence = await createGeofence(api, token, fence, square(7.01, 45, 0.005));
      await recordFleetCrossing(api, tenant, vehicle.id);
      const [alert] = await fleetAlerts(api, token, { vehicleId: vehicle.id });
      Object.assign(tenant.ids, {
        vehicleId: vehicle.id,
        driverId: createDriver.id,
        geofenceId: geofence.id,
        fleetAlertId: alert.id,
      });
      tenant.markers.push(name, externalId, fence);
    },
  },
  // ---- end fleet
  // ---- calls module (issue 5)
  CALLS_SEED,
  ASSISTANT_SEED,
  // ---- automations (issue 20)
  AUTOMATIONS_SEED,
  AUTOMATION_WEBHOOKS_SEED,
  AUTOMATION_RUNS_SEED,
  // ---- calendar (issue 6) ----
  {
    name: 'calendar',
    async seed(api, tenant) {
      const title = `Event ${tenant.label} ${suffix()}`;
      const event = await createEvent(api, tenant.owner.accessToken, {
        title,
        startsAt: '2026-03-02T15:00:00Z',
        endsAt: '2026-03-02T16:00:00Z',
        timezone: 'America/New_York',
        recurrence: 'FREQ=WEEKLY;COUNT=3',
        attendees: [{ email: tenant.member.email, name: `Attendee ${tenant.label}` }],
      });
      tenant.ids.eventId = event.id;
      tenant.markers.push(title);
      // A Google connection as the OAuth callback stores it (the token sealed).
      const accountEmail = `calendar-${tenant.label.toLowerCase()}-${suffix()}@gmail.test`;
      const [row] = await api.dataSource.query(
        `INSERT INTO calendar_connection (organization_id, user_id, provider, account_email, status, refresh_token_sealed)
         VALUES ($1, $2, 'google', $3, 'OK', 'v1.sealed') RETURNING id`,
        [tenant.ids.organizationId, tenant.owner.userId, accountEmail],
      );
      tenant.ids.calendarConnectionId = (row as { id: string }).id;
      tenant.markers.push(accountEmail);
    },
  },
  // ---- end calendar ----
];

/** A fresh session of the tenant's owner, so a case that logs out spoils nothing for the next. */
export async function freshOwnerToken(api: TestApp, tenant: Tenant): Promise<string> {
  return (await login(api, tenant.owner)).accessToken;
}

/**
 * Read back with tenant A's own credentials before and after the probes: the
 * two must be equal (B changed nothing of A's), and the reads must still work
 * (A's sessions were not revoked by B).
 */
export interface Snapshot {
  name: string;
  query: string;
  /** Whose credential reads it (default: the owner's seed session). */
  as?: (tenant: Tenant) => string;
}

export const SNAPSHOTS: Snapshot[] = [
  {
    name: 'me',
    query: `{ me { user { id email name hasVoicePin } organization { id name slug redactTranscripts } role
      memberships { id role organization { id } } } }`,
  },
  {
    name: 'the member is still signed in',
    query: '{ me { user { id } role } }',
    as: (tenant) => tenant.member.accessToken,
  },
  {
    name: 'members',
    query: '{ members(first: 100) { totalCount nodes { id role user { id email name } } } }',
  },
  { name: 'teams', query: '{ teams { id name description members { role user { id } } } }' },
  { name: 'api keys', query: '{ apiKeys { id name role prefix revokedAt } }' },
  { name: 'sessions', query: '{ sessions { id } }' },
  {
    name: 'tasks',
    query: `{ tasks(first: 100) { totalCount nodes { id title status priority labels position
      assignee { id } team { id } parent { id } subtasks { id } progress comments { body } } }
      taskStats { total byStatus overdue } }`,
  },
  // ---- fleet (issue 7)
  {
    name: 'fleet',
    query: `{ vehicles { ${'id name vin externalId driver { id name user { id } } lastPosition { at lat lng } track(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") { at lat lng }'} }
      geofences { id name geometry }
      fleetAlerts(first: 100) { totalCount nodes { id kind message acknowledgedAt } }
      fleetIntegrations { id provider status }
      fleetSettings { defaultSpeedLimitKph speedingMinSeconds staleAfterMinutes idleAfterMinutes slackWebhookConfigured } }`,
  },
  // ---- end fleet
  {
    name: 'audit log',
    query: '{ auditLog(first: 100) { totalCount nodes { id action entityType entityId } } }',
  }, // ---- calendar (issue 6) ----
  {
    name: 'calendar',
    query: `{ calendarConnections { id provider accountEmail status lastSyncedAt lastError }
      events(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") {
        startsAt endsAt event { id title recurrence attendees { email response user { id } } } } }`,
  },
  // ---- calls module (issue 5)
  CALLS_SNAPSHOT,
  ASSISTANT_SNAPSHOT,
  // ---- automations (issue 20)
  AUTOMATIONS_SNAPSHOT,
  // ---- end calendar ----
];

/**
 * Public: open to anyone and holding no tenant's data by id (bearer secrets
 * such as refresh or invitation tokens are not ids).
 */
export interface PublicCase {
  kind: 'public';
  why: string;
}

/**
 * An operation without ids that must only ever show the caller's own
 * tenant: run with B's credentials, nothing of A's may appear.
 */
export interface SelfCase {
  kind: 'self';
  document: string;
  variables?: (caller: Tenant) => Variables;
  /** Extra assertions on B's successful answer. */
  check?: (data: any, caller: Tenant, other: Tenant) => void;
  /** Events in A that a subscription of B must not see (subscriptions only). */
  trigger?: (api: TestApp, other: Tenant) => Promise<void>;
}

/**
 * An operation taking ids: run with B's credentials and A's ids. By default it
 * must be refused with NOT_FOUND or FORBIDDEN; `denial` relaxes that for
 * nullable lookups (`null`) and for filters (`filtered`: an answer, but
 * nothing of A's in it).
 */
export interface ForeignIdsCase {
  kind: 'foreign-ids';
  /** Shown in the test name when a field has several cases. */
  label?: string;
  document: string;
  /** `owner` holds the ids, `caller` runs the operation (B, or the same tenant for the control). */
  variables: (owner: Tenant, caller: Tenant) => Variables;
  denial?: 'denied' | 'null' | 'filtered';
  /**
   * Error codes accepted besides NOT_FOUND and FORBIDDEN. For another
   * tenant's id inside an input (a task's assignee, team or parent) the
   * operation itself is allowed and the reference is the caller's mistake:
   * BAD_USER_INPUT, which says no more than NOT_FOUND would.
   */
  acceptedCodes?: string[];
  check?: (data: any, caller: Tenant, other: Tenant) => void;
  /**
   * The same operation with the caller's own ids must succeed (proves the
   * document works and the refusal is about the tenant). False where it
   * cannot (e.g. demoting the last owner).
   */
  control?: boolean;
  trigger?: (api: TestApp, other: Tenant) => Promise<void>;
}

export type OperationCase = PublicCase | SelfCase | ForeignIdsCase;

export interface Registry {
  Query: Record<string, OperationCase[]>;
  Mutation: Record<string, OperationCase[]>;
  Subscription: Record<string, OperationCase[]>;
}

const MEMBERSHIP = 'id role user { id email name } organization { id name }';
const TEAM = 'id name description members { role user { id email name } }';
const TASK = `id title status labels assignee { id email } team { id name } parent { id title }
  subtasks { id title } progress comments { body author { id email } }`;
const AUTH_PAYLOAD = 'accessToken role user { id email } organization { id name }';
const CALENDAR_EVENT = `id title description location startsAt endsAt allDay timezone recurrence
  source externalId organizer { id email } attendees { email name response user { id email } }`;

const publicCase = (why: string): PublicCase => ({ kind: 'public', why });

/** A change in `owner`'s task board, which another tenant's subscription must not see. */
async function createTaskIn(api: TestApp, owner: Tenant): Promise<void> {
  await gqlOk(
    api,
    'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }',
    { input: { title: `Secret task ${owner.label}`, teamId: owner.ids.teamId } },
    owner.owner.accessToken,
  );
}

// ---- fleet (issue 7)
/** Two new positions of `vehicleId`: out of, then into the seeded geofence (an alert either way). */
async function recordFleetCrossing(api: TestApp, owner: Tenant, vehicleId: string): Promise<void> {
  const now = Date.now();
  await recordPositions(api, owner.owner.accessToken, [
    { vehicleId, at: new Date(now - 2000), lat: 45, lng: 7.1, speedKph: 40 },
    { vehicleId, at: new Date(now - 1000), lat: 45, lng: 7.01, speedKph: 40 },
  ]);
}
const fleetCrossingIn = (api: TestApp, owner: Tenant) =>
  recordFleetCrossing(api, owner, owner.ids.vehicleId);
const VEHICLE = `id name vin externalId driver { id name user { id email } }
  lastPosition { at lat lng } track(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") { at }`;
const FLEET_ALERT = 'id kind message acknowledgedAt acknowledgedBy { id } vehicle { id name }';
// ---- end fleet

export const OPERATIONS: Registry = {
  Query: {
    // ---- fleet (issue 7)
    vehicles: [{ kind: 'self', document: `{ vehicles { ${VEHICLE} } }` }],
    vehicle: [
      {
        kind: 'foreign-ids',
        document: `query V($id: ID!) { vehicle(id: $id) { ${VEHICLE} } }`,
        variables: (owner) => ({ id: owner.ids.vehicleId }),
        denial: 'null',
      },
    ],
    geofences: [{ kind: 'self', document: '{ geofences { id name geometry } }' }],
    fleetAlerts: [
      {
        kind: 'self',
        document: `{ fleetAlerts(first: 100) { totalCount nodes { ${FLEET_ALERT} } } }`,
      },
      {
        kind: 'foreign-ids',
        label: "filtered by A's vehicle",
        document: `query A($filter: FleetAlertFilter) { fleetAlerts(filter: $filter, first: 100) {
          totalCount nodes { ${FLEET_ALERT} } } }`,
        variables: (owner) => ({ filter: { vehicleId: owner.ids.vehicleId } }),
        denial: 'filtered',
        check: (data) => expect(data.fleetAlerts.totalCount).toBe(0),
        control: false, // the control would list the caller's own alerts: not a refusal either way
      },
    ],
    fleetIntegrations: [
      {
        kind: 'self',
        document: '{ fleetIntegrations { id provider status lastPolledAt lastError } }',
      },
    ],
    fleetSettings: [
      {
        kind: 'self',
        document:
          '{ fleetSettings { defaultSpeedLimitKph speedingMinSeconds staleAfterMinutes idleAfterMinutes slackWebhookConfigured } }',
      },
    ],
    // ---- end fleet
    serverTime: [publicCase('the server clock')],
    me: [
      {
        kind: 'self',
        document: `{ me { user { id email name } organization { id name slug } role
          memberships { ${MEMBERSHIP} } } }`,
        check: (data, caller) => expect(data.me.organization.id).toBe(caller.ids.organizationId),
      },
    ],
    members: [
      {
        kind: 'self',
        document: `{ members(first: 100) { totalCount nodes { ${MEMBERSHIP} } } }`,
        check: (data, caller) =>
          expect(
            data.members.nodes.every(
              (node: any) => node.organization.id === caller.ids.organizationId,
            ),
          ).toBe(true),
      },
    ],
    teams: [{ kind: 'self', document: `{ teams { ${TEAM} } }` }],
    team: [
      {
        kind: 'foreign-ids',
        document: `query Team($id: ID!) { team(id: $id) { ${TEAM} } }`,
        variables: (owner) => ({ id: owner.ids.teamId }),
        denial: 'null',
      },
    ],
    task: [
      {
        kind: 'foreign-ids',
        document: `query Task($id: ID!) { task(id: $id) { ${TASK} } }`,
        variables: (owner) => ({ id: owner.ids.taskId }),
        denial: 'null',
      },
    ],
    tasks: [
      {
        kind: 'self',
        document: `{ tasks(first: 100) { totalCount nodes { ${TASK} } } }`,
      },
      {
        kind: 'foreign-ids',
        label: "filtered by A's team, assignee and parent",
        document: `query Tasks($filter: TaskFilter) { tasks(filter: $filter, first: 100) {
          totalCount nodes { ${TASK} } } }`,
        variables: (owner) => ({
          filter: {
            teamId: owner.ids.teamId,
            assigneeId: owner.ids.memberUserId,
            parentId: owner.ids.taskId,
          },
        }),
        denial: 'filtered',
        check: (data) => expect(data.tasks.totalCount).toBe(0),
        control: false, // the subtask has no assignee of its own: an empty answer either way
      },
    ],
    taskStats: [
      { kind: 'self', document: '{ taskStats { total byStatus overdue } }' },
      {
        kind: 'foreign-ids',
        label: "A's team",
        document: 'query S($teamId: ID) { taskStats(teamId: $teamId) { total byStatus overdue } }',
        variables: (owner) => ({ teamId: owner.ids.teamId }),
        denial: 'filtered',
        check: (data) => expect(data.taskStats.total).toBe(0),
      },
    ],
    sessions: [
      { kind: 'self', document: '{ sessions { id current userAgent ip createdAt lastUsedAt } }' },
    ],
    apiKeys: [
      {
        kind: 'self',
        document: '{ apiKeys { id name role prefix createdAt lastUsedAt revokedAt } }',
      },
    ],
    invitations: [
      { kind: 'self', document: `{ invitations { id email role status organization { id } } }` },
    ],
    myInvitations: [
      { kind: 'self', document: `{ myInvitations { id email role status organization { id } } }` },
    ],
    sentMail: [
      { kind: 'self', document: '{ sentMail { id kind toAddress subject text status } }' },
    ],
    auditLog: [
      {
        kind: 'self',
        document: `{ auditLog(first: 100) { totalCount nodes { id action entityType entityId changes actor { id email } } } }`,
      },
      {
        kind: 'foreign-ids',
        label: "filtered by A's membership",
        document: `query Audit($entityType: String, $entityId: ID) {
          auditLog(entityType: $entityType, entityId: $entityId, first: 100) {
            totalCount nodes { id action entityId changes actor { id } } } }`,
        variables: (owner) => ({
          entityType: 'Membership',
          entityId: owner.ids.memberMembershipId,
        }),
        denial: 'filtered',
        check: (data) => expect(data.auditLog.totalCount).toBe(0),
      },
    ],
    // ---- calls module (issue 5)
    ...CALLS_OPERATIONS.Query,
    ...ASSISTANT_OPERATIONS.Query,
    // ---- automations (issue 20)
    ...AUTOMATIONS_OPERATIONS.Query,
    ...AUTOMATION_RUNS_OPERATIONS.Query,
    // ---- calendar (issue 6) ----
    event: [
      {
        kind: 'foreign-ids',
        document: `query Event($id: ID!) { event(id: $id) { ${CALENDAR_EVENT} } }`,
        variables: (owner) => ({ id: owner.ids.eventId }),
        denial: 'null',
      },
    ],
    events: [
      {
        kind: 'self',
        document: `{ events(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") {
          startsAt event { ${CALENDAR_EVENT} } } }`,
      },
      {
        kind: 'foreign-ids',
        label: "filtered by A's people",
        document: `query Events($userIds: [ID!]) {
          events(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z", userIds: $userIds) {
            startsAt event { ${CALENDAR_EVENT} } } }`,
        variables: (owner) => ({ userIds: [owner.ids.ownerUserId, owner.ids.memberUserId] }),
        denial: 'filtered',
        check: (data) => expect(data.events).toEqual([]),
        control: false, // an empty answer either way would prove nothing more
      },
    ],
    availability: [
      {
        kind: 'foreign-ids',
        document: `query Availability($input: AvailabilityInput!) { availability(input: $input) { startsAt endsAt } }`,
        variables: (owner) => ({
          input: {
            userIds: [owner.ids.ownerUserId, owner.ids.memberUserId],
            from: '2026-03-02T00:00:00Z',
            to: '2026-03-03T00:00:00Z',
            durationMinutes: 30,
          },
        }),
      },
    ],
    calendarConnections: [
      {
        kind: 'self',
        document:
          '{ calendarConnections { id provider accountEmail status lastSyncedAt lastError } }',
      },
    ],
    // ---- end calendar ----
  },

  Mutation: {
    // ---- fleet (issue 7)
    createVehicle: [
      {
        kind: 'self',
        document: `mutation C($input: CreateVehicleInput!) { createVehicle(input: $input) { ${VEHICLE} } }`,
        variables: () => ({ input: { name: `Probe ${suffix()}` } }),
      },
      {
        kind: 'foreign-ids',
        label: "with A's driver",
        document: `mutation C($input: CreateVehicleInput!) { createVehicle(input: $input) { ${VEHICLE} } }`,
        variables: (owner) => ({
          input: { name: `Probe ${suffix()}`, driverId: owner.ids.driverId },
        }),
        acceptedCodes: ['BAD_USER_INPUT'],
      },
    ],
    createDriver: [
      {
        kind: 'self',
        document:
          'mutation C($input: CreateDriverInput!) { createDriver(input: $input) { id name user { id } } }',
        variables: () => ({ input: { name: `Probe ${suffix()}` } }),
      },
      {
        kind: 'foreign-ids',
        label: "linked to A's member",
        document:
          'mutation C($input: CreateDriverInput!) { createDriver(input: $input) { id name user { id email } } }',
        variables: (owner) => ({
          input: { name: `Probe ${suffix()}`, userId: owner.ids.memberUserId },
        }),
        acceptedCodes: ['BAD_USER_INPUT'],
      },
    ],
    recordPositions: [
      {
        kind: 'foreign-ids',
        document:
          'mutation R($positions: [PositionInput!]!) { recordPositions(positions: $positions) }',
        variables: (owner) => ({
          positions: [
            {
              vehicleId: owner.ids.vehicleId,
              at: new Date(Date.now() - 500).toISOString(),
              lat: 1,
              lng: 1,
            },
          ],
        }),
        acceptedCodes: ['BAD_USER_INPUT'],
      },
    ],
    createGeofence: [
      {
        kind: 'self',
        document:
          'mutation C($input: CreateGeofenceInput!) { createGeofence(input: $input) { id name geometry } }',
        variables: () => ({ input: { name: `Probe ${suffix()}`, geometry: square(0, 0, 1) } }),
      },
    ],
    acknowledgeAlert: [
      {
        kind: 'foreign-ids',
        document: `mutation A($id: ID!) { acknowledgeAlert(id: $id) { ${FLEET_ALERT} } }`,
        variables: (owner) => ({ id: owner.ids.fleetAlertId }),
      },
    ],
    connectSamsara: [
      {
        kind: 'self',
        document:
          'mutation C($apiToken: String!) { connectSamsara(apiToken: $apiToken) { id provider status lastError } }',
        variables: () => ({ apiToken: `probe-${suffix()}` }),
      },
    ],
    updateFleetSettings: [
      {
        kind: 'self',
        document: `mutation S($input: UpdateFleetSettingsInput!) { updateFleetSettings(input: $input) {
          defaultSpeedLimitKph staleAfterMinutes slackWebhookConfigured } }`,
        variables: () => ({ input: { defaultSpeedLimitKph: 77 } }),
      },
    ],
    // ---- end fleet
    register: [publicCase('creates a new user and organization')],
    login: [
      publicCase('signs in with a password'),
      {
        kind: 'foreign-ids',
        label: "into A's organization",
        document: `mutation Login($input: LoginInput!) { login(input: $input) { ${AUTH_PAYLOAD} } }`,
        variables: (owner, caller) => ({
          input: {
            email: caller.owner.email,
            password: caller.owner.password,
            organizationId: owner.ids.organizationId,
          },
        }),
      },
    ],
    refreshSession: [publicCase('the refresh token is a bearer secret, not an id')],
    acceptInvite: [publicCase('the invitation token is a bearer secret, not an id')],
    switchOrganization: [
      {
        kind: 'foreign-ids',
        document: `mutation Switch($organizationId: ID!) { switchOrganization(organizationId: $organizationId) { ${AUTH_PAYLOAD} } }`,
        variables: (owner) => ({ organizationId: owner.ids.organizationId }),
      },
    ],
    logout: [{ kind: 'self', document: 'mutation { logout }' }],
    logoutAll: [{ kind: 'self', document: 'mutation { logoutAll }' }],
    revokeSession: [
      {
        kind: 'foreign-ids',
        label: "A's owner session",
        document: 'mutation Revoke($id: ID!) { revokeSession(id: $id) }',
        variables: (owner) => ({ id: owner.ids.ownerSessionId }),
      },
      {
        kind: 'foreign-ids',
        label: "A's member session",
        document: 'mutation Revoke($id: ID!) { revokeSession(id: $id) }',
        variables: (owner) => ({ id: owner.ids.memberSessionId }),
        control: false, // a session of another person, even in one's own organization
      },
    ],
    addMember: [
      {
        kind: 'self',
        document: `mutation Add($input: AddMemberInput!) { addMember(input: $input) { ${MEMBERSHIP} } }`,
        variables: () => ({
          input: { email: uniqueEmail('probe'), name: 'Probe', role: 'VIEWER' },
        }),
      },
    ],
    // ---- transcript redaction (issue 19): always the caller's own organization
    updateOrganizationSettings: [
      {
        kind: 'self',
        document: `mutation Settings($input: UpdateOrganizationSettingsInput!) {
          updateOrganizationSettings(input: $input) { id name slug redactTranscripts } }`,
        variables: () => ({ input: { redactTranscripts: false } }),
        check: (data, caller) =>
          expect(data.updateOrganizationSettings).toMatchObject({
            id: caller.ids.organizationId,
            redactTranscripts: false,
          }),
      },
    ],
    updateMemberRole: [
      {
        kind: 'foreign-ids',
        label: "A's member to OWNER",
        document: `mutation Update($membershipId: ID!, $role: Role!) {
          updateMemberRole(membershipId: $membershipId, role: $role) { ${MEMBERSHIP} } }`,
        variables: (owner) => ({ membershipId: owner.ids.memberMembershipId, role: 'OWNER' }),
      },
      {
        kind: 'foreign-ids',
        label: "A's owner to VIEWER",
        document: `mutation Update($membershipId: ID!, $role: Role!) {
          updateMemberRole(membershipId: $membershipId, role: $role) { ${MEMBERSHIP} } }`,
        variables: (owner) => ({ membershipId: owner.ids.ownerMembershipId, role: 'VIEWER' }),
        control: false, // the last owner
      },
    ],
    removeMember: [
      {
        kind: 'foreign-ids',
        label: "A's member",
        document:
          'mutation Remove($membershipId: ID!) { removeMember(membershipId: $membershipId) }',
        variables: (owner) => ({ membershipId: owner.ids.memberMembershipId }),
      },
      {
        kind: 'foreign-ids',
        label: "A's owner",
        document:
          'mutation Remove($membershipId: ID!) { removeMember(membershipId: $membershipId) }',
        variables: (owner) => ({ membershipId: owner.ids.ownerMembershipId }),
        control: false, // the last owner
      },
    ],
    revokeInvitation: [
      {
        kind: 'foreign-ids',
        label: "A's invitation",
        document: 'mutation Revoke($id: ID!) { revokeInvitation(id: $id) { id status } }',
        variables: (owner) => ({ id: owner.ids.invitationId }),
        control: false, // revoking would spoil the invitation for the other cases
      },
    ],
    acceptInvitation: [
      {
        kind: 'foreign-ids',
        label: "A's invitation to someone else",
        document: 'mutation Accept($id: ID!) { acceptInvitation(id: $id) { id role } }',
        variables: (owner) => ({ id: owner.ids.invitationId }),
        control: false, // addressed to the invitee, not to A's owner
      },
    ],
    declineInvitation: [
      {
        kind: 'foreign-ids',
        label: "A's invitation to someone else",
        document: 'mutation Decline($id: ID!) { declineInvitation(id: $id) { id status } }',
        variables: (owner) => ({ id: owner.ids.invitationId }),
        control: false, // addressed to the invitee, not to A's owner
      },
    ],
    verifyEmail: [publicCase('the verification token is a bearer secret, not an id')],
    resendVerification: [{ kind: 'self', document: 'mutation { resendVerification }' }],
    createTeam: [
      {
        kind: 'self',
        document: `mutation Create($input: CreateTeamInput!) { createTeam(input: $input) { ${TEAM} } }`,
        variables: () => ({ input: { name: `Probe ${suffix()}` } }),
      },
    ],
    addTeamMember: [
      {
        kind: 'foreign-ids',
        label: "A's team, A's user",
        document: `mutation Add($teamId: ID!, $userId: ID!) { addTeamMember(teamId: $teamId, userId: $userId, role: LEAD) { ${TEAM} } }`,
        variables: (owner) => ({ teamId: owner.ids.teamId, userId: owner.ids.viewerUserId }),
      },
      {
        kind: 'foreign-ids',
        label: "A's team, B's user",
        document: `mutation Add($teamId: ID!, $userId: ID!) { addTeamMember(teamId: $teamId, userId: $userId, role: LEAD) { ${TEAM} } }`,
        variables: (owner, caller) => ({
          teamId: owner.ids.teamId,
          userId: caller.ids.viewerUserId,
        }),
      },
      {
        kind: 'foreign-ids',
        label: "B's team, A's user",
        document: `mutation Add($teamId: ID!, $userId: ID!) { addTeamMember(teamId: $teamId, userId: $userId, role: LEAD) { ${TEAM} } }`,
        variables: (owner, caller) => ({
          teamId: caller.ids.teamId,
          userId: owner.ids.viewerUserId,
        }),
      },
    ],
    removeTeamMember: [
      {
        kind: 'foreign-ids',
        label: "A's team, A's lead",
        document: `mutation Remove($teamId: ID!, $userId: ID!) { removeTeamMember(teamId: $teamId, userId: $userId) { ${TEAM} } }`,
        variables: (owner) => ({ teamId: owner.ids.teamId, userId: owner.ids.memberUserId }),
      },
      {
        kind: 'foreign-ids',
        label: "B's team, A's user",
        document: `mutation Remove($teamId: ID!, $userId: ID!) { removeTeamMember(teamId: $teamId, userId: $userId) { ${TEAM} } }`,
        variables: (owner, caller) => ({
          teamId: caller.ids.teamId,
          userId: owner.ids.memberUserId,
        }),
      },
    ],
    createTask: [
      {
        kind: 'self',
        document: `mutation C($input: CreateTaskInput!) { createTask(input: $input) { ${TASK} } }`,
        variables: () => ({ input: { title: `Probe ${suffix()}` } }),
      },
      ...(['teamId', 'assigneeId', 'parentId'] as const).map((field): ForeignIdsCase => ({
        kind: 'foreign-ids',
        label: `with A's ${field}`,
        document: `mutation C($input: CreateTaskInput!) { createTask(input: $input) { ${TASK} } }`,
        variables: (owner) => ({
          input: {
            title: `Probe ${suffix()}`,
            [field]: {
              teamId: owner.ids.teamId,
              assigneeId: owner.ids.memberUserId,
              parentId: owner.ids.taskId,
            }[field],
          },
        }),
        // A reference inside an input: the caller's mistake, told as such.
        acceptedCodes: ['BAD_USER_INPUT'],
      })),
    ],
    updateTask: [
      {
        kind: 'foreign-ids',
        label: "A's task",
        document: `mutation U($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${TASK} } }`,
        variables: (owner) => ({ id: owner.ids.taskId, input: { title: 'Taken over' } }),
      },
      {
        kind: 'foreign-ids',
        label: "B's task, A's team and assignee",
        document: `mutation U($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${TASK} } }`,
        variables: (owner, caller) => ({
          id: caller.ids.taskId,
          input: { teamId: owner.ids.teamId, assigneeId: owner.ids.memberUserId },
        }),
        acceptedCodes: ['BAD_USER_INPUT'],
      },
    ],
    moveTask: [
      {
        kind: 'foreign-ids',
        label: "A's task",
        document: `mutation M($id: ID!, $input: MoveTaskInput!) { moveTask(id: $id, input: $input) { ${TASK} } }`,
        variables: (owner) => ({ id: owner.ids.subtaskId, input: { parentId: null } }),
      },
      {
        kind: 'foreign-ids',
        label: "B's task under A's task",
        document: `mutation M($id: ID!, $input: MoveTaskInput!) { moveTask(id: $id, input: $input) { ${TASK} } }`,
        variables: (owner, caller) => ({
          id: caller.ids.subtaskId,
          input: { parentId: owner.ids.taskId },
        }),
        acceptedCodes: ['BAD_USER_INPUT'],
      },
      {
        kind: 'foreign-ids',
        label: "B's task after A's subtask",
        document: `mutation M($id: ID!, $input: MoveTaskInput!) { moveTask(id: $id, input: $input) { ${TASK} } }`,
        variables: (owner, caller) => ({
          id: caller.ids.taskId,
          input: { afterTaskId: owner.ids.subtaskId },
        }),
        acceptedCodes: ['BAD_USER_INPUT'],
        control: false, // A's subtask is not in the top-level list either way
      },
    ],
    deleteTask: [
      {
        kind: 'foreign-ids',
        document: 'mutation D($id: ID!) { deleteTask(id: $id) }',
        variables: (owner) => ({ id: owner.ids.taskId }),
      },
    ],
    addTaskComment: [
      {
        kind: 'foreign-ids',
        document: `mutation C($taskId: ID!, $body: String!) {
          addTaskComment(taskId: $taskId, body: $body) { id body author { id email } } }`,
        variables: (owner) => ({ taskId: owner.ids.taskId, body: 'Probe' }),
      },
    ],
    // ---- calendar (issue 6) ----
    createEvent: [
      {
        kind: 'self',
        document: `mutation Create($input: CreateEventInput!) { createEvent(input: $input) { ${CALENDAR_EVENT} } }`,
        variables: () => ({
          input: {
            title: `Probe ${suffix()}`,
            startsAt: '2026-03-03T10:00:00Z',
            endsAt: '2026-03-03T11:00:00Z',
          },
        }),
      },
    ],
    updateEvent: [
      {
        kind: 'foreign-ids',
        document: `mutation Update($id: ID!, $input: UpdateEventInput!) {
          updateEvent(id: $id, input: $input) { ${CALENDAR_EVENT} } }`,
        variables: (owner) => ({ id: owner.ids.eventId, input: { title: 'Hijacked' } }),
      },
      {
        kind: 'foreign-ids',
        label: 'one instance',
        document: `mutation Update($id: ID!, $input: UpdateEventInput!, $at: DateTime) {
          updateEvent(id: $id, input: $input, occurrenceStartsAt: $at) { ${CALENDAR_EVENT} } }`,
        variables: (owner) => ({
          id: owner.ids.eventId,
          input: { title: 'Hijacked instance' },
          at: '2026-03-09T14:00:00Z',
        }),
      },
    ],
    deleteEvent: [
      {
        kind: 'foreign-ids',
        document: 'mutation Delete($id: ID!) { deleteEvent(id: $id) }',
        variables: (owner) => ({ id: owner.ids.eventId }),
      },
      {
        kind: 'foreign-ids',
        label: 'one instance',
        document:
          'mutation Delete($id: ID!, $at: DateTime) { deleteEvent(id: $id, occurrenceStartsAt: $at) }',
        variables: (owner) => ({ id: owner.ids.eventId, at: '2026-03-09T14:00:00Z' }),
      },
    ],
    connectGoogleCalendar: [
      { kind: 'self', document: 'mutation { connectGoogleCalendar { url } }' },
    ],
    syncCalendar: [
      {
        kind: 'foreign-ids',
        document: `mutation Sync($id: ID!) { syncCalendar(connectionId: $id) { id accountEmail status lastError } }`,
        variables: (owner) => ({ id: owner.ids.calendarConnectionId }),
      },
    ],
    disconnectCalendar: [
      {
        kind: 'foreign-ids',
        document: 'mutation Disconnect($id: ID!) { disconnectCalendar(connectionId: $id) }',
        variables: (owner) => ({ id: owner.ids.calendarConnectionId }),
      },
    ],
    // ---- end calendar ----
    updateProfile: [
      {
        kind: 'self',
        document:
          'mutation { updateProfile(input: { phone: "+14155550199" }) { id email phone timezone } }',
      },
    ],
    setVoicePin: [
      { kind: 'self', document: 'mutation { setVoicePin(pin: "4827") { id email hasVoicePin } }' },
    ],
    createApiKey: [
      {
        kind: 'self',
        document: `mutation Create($input: CreateApiKeyInput!) {
          createApiKey(input: $input) { secret apiKey { id name role prefix } } }`,
        variables: () => ({ input: { name: `Probe ${suffix()}`, role: 'VIEWER' } }),
      },
    ],
    revokeApiKey: [
      {
        kind: 'foreign-ids',
        document:
          'mutation Revoke($id: ID!) { revokeApiKey(id: $id) { id name role prefix revokedAt } }',
        variables: (owner) => ({ id: owner.ids.apiKeyId }),
      },
    ],
    // ---- calls module (issue 5)
    ...CALLS_OPERATIONS.Mutation,
    ...ASSISTANT_OPERATIONS.Mutation,
    // ---- automations (issue 20)
    ...AUTOMATIONS_OPERATIONS.Mutation,
    ...AUTOMATION_WEBHOOKS_OPERATIONS.Mutation,
    ...AUTOMATION_RUNS_OPERATIONS.Mutation,
  },

  Subscription: {
    // ---- fleet (issue 7)
    vehiclePositions: [
      {
        kind: 'self',
        document:
          'subscription { vehiclePositions { vehicle { id name } position { at lat lng } } }',
        trigger: fleetCrossingIn,
      },
      {
        kind: 'foreign-ids',
        document: `subscription ($vehicleIds: [ID!]) { vehiclePositions(vehicleIds: $vehicleIds) {
          vehicle { id name } position { at lat lng } } }`,
        variables: (owner) => ({ vehicleIds: [owner.ids.vehicleId] }),
        trigger: fleetCrossingIn,
      },
    ],
    fleetAlertRaised: [
      {
        kind: 'self',
        document: `subscription { fleetAlertRaised { ${FLEET_ALERT} } }`,
        trigger: fleetCrossingIn,
      },
    ],
    // ---- end fleet
    serverTime: [publicCase('the server clock (the socket itself needs credentials)')],
    taskChanged: [
      {
        kind: 'self',
        document: 'subscription { taskChanged { kind task { id title team { id } } } }',
        trigger: createTaskIn,
      },
      {
        kind: 'foreign-ids',
        document:
          'subscription ($teamId: ID) { taskChanged(teamId: $teamId) { kind task { id title } } }',
        variables: (owner) => ({ teamId: owner.ids.teamId }),
        trigger: createTaskIn,
      },
    ],
    // ---- calls module (issue 5)
    ...CALLS_OPERATIONS.Subscription,
    ...AUTOMATION_RUNS_OPERATIONS.Subscription,
  },
};
