import { DateTime } from 'luxon';
import { AUTH_FIELDS, SeedClient, SeedRequestError, SeedSession } from './client';
import {
  DEMO_CALL_SCRIPTS,
  DEMO_CAMPAIGN,
  DEMO_EVENTS,
  DEMO_GEOFENCES,
  DEMO_ORGANIZATION,
  DEMO_OWNER,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  DEMO_ROUTE,
  DEMO_TASKS,
  DEMO_TEAMS,
  DEMO_VEHICLES,
  DemoPerson,
  transcriptOf,
} from './demo-data';

/** What a seed run did: `created` is empty when the demo was already complete. */
export interface SeedOutcome {
  created: string[];
  owner: SeedSession;
  organizationId: string;
  /** Names and ids the live mode works with. */
  ids: {
    people: Map<string, string>;
    teams: Map<string, string>;
    campaignId: string;
    vehicles: Array<{ id: string; name: string; speedLimitKph: number; offset: number }>;
  };
}

type Log = (line: string) => void;

const personByKey = (key: string): DemoPerson => {
  const person = DEMO_PEOPLE.find((candidate) => candidate.key === key);
  if (!person) throw new Error(`unknown demo person ${key}`);
  return person;
};

/**
 * Creates whatever part of the demo organization is missing, through the
 * public API, finding every item by its name first: a second run changes no
 * data (it only signs the owner in and out again).
 */
export async function seedDemo(client: SeedClient, log: Log): Promise<SeedOutcome> {
  const created: string[] = [];
  const note = (what: string): void => {
    created.push(what);
    log(`  + ${what}`);
  };

  const owner = await signInOrRegisterOwner(client, note);
  if (owner.organization.name !== DEMO_ORGANIZATION) {
    throw new Error(
      `${DEMO_OWNER.email} signs into "${owner.organization.name}", not "${DEMO_ORGANIZATION}": not touching it`,
    );
  }
  const people = await ensureMembers(client, owner, note);
  const teams = await ensureTeams(owner, people, note);
  await ensureTasks(client, owner, people, teams, note);
  await ensureEvents(owner, note);
  const campaignId = await ensureCampaignAndCalls(owner, people, note, log);
  const vehicles = await ensureFleet(owner, note);
  return {
    created,
    owner,
    organizationId: owner.organization.id,
    ids: { people, teams, campaignId, vehicles },
  };
}

async function signInOrRegisterOwner(
  client: SeedClient,
  note: (what: string) => void,
): Promise<SeedSession> {
  const credentials = { email: DEMO_OWNER.email, password: DEMO_PASSWORD };
  try {
    return await SeedSession.signIn(client, credentials);
  } catch (error) {
    if (!(error instanceof SeedRequestError) || error.code !== 'UNAUTHENTICATED') throw error;
  }
  await client.request(
    `mutation SeedRegister($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`,
    {
      input: {
        ...credentials,
        name: DEMO_OWNER.name,
        organizationName: DEMO_ORGANIZATION,
        timezone: DEMO_OWNER.timezone,
      },
    },
  );
  note(`organization "${DEMO_ORGANIZATION}" and its owner ${DEMO_OWNER.email}`);
  return SeedSession.signIn(client, credentials);
}

/** Invites the people who are not members yet and accepts with the mailed token. */
async function ensureMembers(
  client: SeedClient,
  owner: SeedSession,
  note: (what: string) => void,
): Promise<Map<string, string>> {
  const data = await owner.run<{
    members: { nodes: Array<{ user: { id: string; email: string } }> };
  }>('{ members(first: 100) { nodes { user { id email } } } }');
  const ids = new Map<string, string>();
  for (const member of data.members.nodes) {
    const person = DEMO_PEOPLE.find((candidate) => candidate.email === member.user.email);
    if (person) ids.set(person.key, member.user.id);
  }
  const missing = DEMO_PEOPLE.filter((person) => !ids.has(person.key));
  if (missing.length === 0) return ids;

  // An invitation left pending by an interrupted run is revoked and sent again.
  const pending = await owner.run<{ invitations: Array<{ id: string; email: string }> }>(
    '{ invitations(status: PENDING) { id email } }',
  );
  for (const person of missing) {
    for (const invitation of pending.invitations.filter((item) => item.email === person.email)) {
      await owner.run('mutation ($id: ID!) { revokeInvitation(id: $id) { id } }', {
        id: invitation.id,
      });
    }
    await owner.run('mutation ($input: AddMemberInput!) { addMember(input: $input) { id } }', {
      input: { email: person.email, name: person.name, role: person.role },
    });
    const token = await invitationToken(owner, person.email);
    const accepted = await client.request<{
      acceptInvite: { accessToken: string; user: { id: string } };
    }>(
      `mutation ($token: String!, $password: String!) { acceptInvite(token: $token, password: $password) { ${AUTH_FIELDS} } }`,
      { token, password: DEMO_PASSWORD },
    );
    await client.request(
      'mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }',
      { input: { timezone: person.timezone } },
      accepted.acceptInvite.accessToken,
    );
    await client.request('mutation { logout }', undefined, accepted.acceptInvite.accessToken);
    ids.set(person.key, accepted.acceptInvite.user.id);
    note(`${person.role} ${person.name} <${person.email}>`);
  }
  return ids;
}

/** The token of the newest invitation mailed to `email` (the owner reads the organization's sent mail). */
async function invitationToken(owner: SeedSession, email: string): Promise<string> {
  const data = await owner.run<{
    sentMail: Array<{ toAddress: string; kind: string; text: string }>;
  }>('{ sentMail(limit: 50) { toAddress kind text } }');
  const mail = data.sentMail.find((item) => item.toAddress === email && item.kind === 'invitation');
  const token = mail?.text.match(/[?&]token=([^&\s]+)/)?.[1];
  if (!token) throw new Error(`no invitation mail for ${email} in sentMail`);
  return decodeURIComponent(token);
}

async function ensureTeams(
  owner: SeedSession,
  people: Map<string, string>,
  note: (what: string) => void,
): Promise<Map<string, string>> {
  const data = await owner.run<{ teams: Array<{ id: string; name: string }> }>(
    '{ teams { id name } }',
  );
  const ids = new Map(data.teams.map((team) => [team.name, team.id]));
  for (const team of DEMO_TEAMS) {
    if (ids.has(team.name)) continue;
    const made = await owner.run<{ createTeam: { id: string } }>(
      'mutation ($input: CreateTeamInput!) { createTeam(input: $input) { id } }',
      { input: { name: team.name, description: team.description } },
    );
    const teamId = made.createTeam.id;
    const add = (key: string, role: 'LEAD' | 'MEMBER') =>
      owner.run(
        'mutation ($teamId: ID!, $userId: ID!, $role: TeamRole) { addTeamMember(teamId: $teamId, userId: $userId, role: $role) { id } }',
        { teamId, userId: people.get(key), role },
      );
    await add(team.lead, 'LEAD');
    for (const member of team.members) await add(member, 'MEMBER');
    ids.set(team.name, teamId);
    note(`team ${team.name}`);
  }
  return ids;
}

async function ensureTasks(
  client: SeedClient,
  owner: SeedSession,
  people: Map<string, string>,
  teams: Map<string, string>,
  note: (what: string) => void,
): Promise<void> {
  const data = await owner.run<{ tasks: { nodes: Array<{ title: string }> } }>(
    '{ tasks(first: 100) { nodes { title } } }',
  );
  const existing = new Set(data.tasks.nodes.map((task) => task.title));
  const sessions = new Map<string, SeedSession>();
  const as = async (key: string): Promise<SeedSession> => {
    if (key === DEMO_OWNER.key) return owner;
    let session = sessions.get(key);
    if (!session) {
      session = await SeedSession.signIn(client, {
        email: personByKey(key).email,
        password: DEMO_PASSWORD,
      });
      sessions.set(key, session);
    }
    return session;
  };
  const create = (input: Record<string, unknown>) =>
    owner.run<{ createTask: { id: string } }>(
      'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }',
      { input },
    );
  try {
    for (const task of DEMO_TASKS) {
      if (existing.has(task.title)) continue;
      const parent = await create({
        title: task.title,
        description: task.description,
        teamId: teams.get(task.team),
        status: task.status,
        priority: task.priority,
        assigneeId: task.assignee ? people.get(task.assignee) : undefined,
        dueAt:
          task.dueInDays === undefined
            ? undefined
            : DateTime.now()
                .plus({ days: task.dueInDays })
                .set({ hour: 17, minute: 0 })
                .toUTC()
                .toISO(),
        labels: task.labels,
      });
      for (const subtask of task.subtasks ?? []) {
        await create({
          title: subtask.title,
          parentId: parent.createTask.id,
          status: subtask.status,
          assigneeId: subtask.assignee ? people.get(subtask.assignee) : undefined,
        });
      }
      for (const comment of task.comments ?? []) {
        const author = await as(comment.by);
        await author.run(
          'mutation ($taskId: ID!, $body: String!) { addTaskComment(taskId: $taskId, body: $body) { id } }',
          { taskId: parent.createTask.id, body: comment.body },
        );
      }
      note(`task "${task.title}"`);
    }
  } finally {
    for (const session of sessions.values()) await session.signOut();
  }
}

async function ensureEvents(owner: SeedSession, note: (what: string) => void): Promise<void> {
  const from = DateTime.now().minus({ days: 30 });
  const data = await owner.run<{ events: Array<{ event: { title: string } }> }>(
    'query ($from: DateTime!, $to: DateTime!) { events(from: $from, to: $to) { event { title } } }',
    { from: from.toISO(), to: from.plus({ days: 365 }).toISO() },
  );
  const existing = new Set(data.events.map((occurrence) => occurrence.event.title));
  for (const event of DEMO_EVENTS) {
    if (existing.has(event.title)) continue;
    const startsAt = DateTime.now()
      .setZone(event.timezone)
      .plus({ days: event.inDays })
      .set({ hour: event.hour, minute: event.minute ?? 0, second: 0, millisecond: 0 });
    await owner.run('mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }', {
      input: {
        title: event.title,
        startsAt: startsAt.toUTC().toISO(),
        endsAt: startsAt.plus({ minutes: event.durationMinutes }).toUTC().toISO(),
        timezone: event.timezone,
        recurrence: event.recurrence,
        location: event.location,
        attendees: event.attendees.map((key) => ({
          email: personByKey(key).email,
          name: personByKey(key).name,
        })),
      },
    });
    note(
      `event "${event.title}" (${event.timezone}${event.recurrence ? `, ${event.recurrence}` : ''})`,
    );
  }
}

const CALL_FIELDS = 'id scoreStatus externalId';

/** Imports one demo call; the worker scores it against the campaign's scorecard. */
export async function importDemoCall(
  session: SeedSession,
  options: {
    campaignId: string;
    agentId: string | undefined;
    externalId: string;
    script: number;
    at: Date;
  },
): Promise<{ id: string; scoreStatus: string }> {
  const transcript = transcriptOf(DEMO_CALL_SCRIPTS[options.script % DEMO_CALL_SCRIPTS.length]);
  const lastEnd = Number(transcript[transcript.length - 1].endSec);
  const data = await session.run<{ importCall: { id: string; scoreStatus: string } }>(
    `mutation ($input: ImportCallInput!) { importCall(input: $input) { ${CALL_FIELDS} } }`,
    {
      input: {
        campaignId: options.campaignId,
        agentId: options.agentId,
        direction: 'INBOUND',
        from: `+4550${String(1000 + ((options.script * 37) % 9000)).padStart(6, '0')}`,
        to: '+4570100100',
        externalId: options.externalId,
        startedAt: options.at.toISOString(),
        endedAt: new Date(options.at.getTime() + lastEnd * 1000).toISOString(),
        transcript,
      },
    },
  );
  return data.importCall;
}

async function ensureCampaignAndCalls(
  owner: SeedSession,
  people: Map<string, string>,
  note: (what: string) => void,
  log: Log,
): Promise<string> {
  const data = await owner.run<{ campaigns: Array<{ id: string; name: string }> }>(
    '{ campaigns { id name } }',
  );
  let campaignId = data.campaigns.find((campaign) => campaign.name === DEMO_CAMPAIGN.name)?.id;
  if (!campaignId) {
    const made = await owner.run<{ createCampaign: { id: string } }>(
      'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { input: DEMO_CAMPAIGN },
    );
    campaignId = made.createCampaign.id;
    note(
      `campaign "${DEMO_CAMPAIGN.name}" with a ${DEMO_CAMPAIGN.criteria.length}-criterion scorecard`,
    );
  }
  const calls = await owner.run<{ calls: { nodes: Array<{ externalId: string | null }> } }>(
    'query ($filter: CallFilter) { calls(filter: $filter, first: 100) { nodes { externalId } } }',
    { filter: { campaignId } },
  );
  const existing = new Set(calls.calls.nodes.map((call) => call.externalId));
  const agents = ['sam', 'diego'];
  const imported: string[] = [];
  for (let index = 0; index < DEMO_CALL_SCRIPTS.length; index += 1) {
    const externalId = `demo-call-${index + 1}`;
    if (existing.has(externalId)) continue;
    const call = await importDemoCall(owner, {
      campaignId,
      agentId: people.get(agents[index % agents.length]),
      externalId,
      script: index,
      at: DateTime.now()
        .minus({ hours: 6 * (DEMO_CALL_SCRIPTS.length - index) })
        .toJSDate(),
    });
    imported.push(call.id);
    note(`call ${externalId}`);
  }
  if (imported.length > 0) await waitForScores(owner, imported, log);
  return campaignId;
}

/** Waits (up to a minute) for the worker to score the imported calls. */
async function waitForScores(owner: SeedSession, callIds: string[], log: Log): Promise<void> {
  const deadline = Date.now() + 60_000;
  const pending = new Set(callIds);
  while (pending.size > 0 && Date.now() < deadline) {
    for (const id of [...pending]) {
      const data = await owner.run<{
        call: { scoreStatus: string; score: { overall: number } | null } | null;
      }>('query ($id: ID!) { call(id: $id) { scoreStatus score { overall } } }', { id });
      if (data.call?.scoreStatus === 'SCORED' || data.call?.scoreStatus === 'FAILED')
        pending.delete(id);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (pending.size > 0) {
    log(`  ! ${pending.size} call(s) not scored yet: is a worker running (npm start runs one)?`);
  } else {
    log(`  ✓ ${callIds.length} call(s) scored by the built-in judge`);
  }
}

const VEHICLE_FIELDS = 'id name speedLimitKph';

async function ensureFleet(
  owner: SeedSession,
  note: (what: string) => void,
): Promise<SeedOutcome['ids']['vehicles']> {
  const geofences = await owner.run<{ geofences: Array<{ name: string }> }>(
    '{ geofences { name } }',
  );
  const fences = new Set(geofences.geofences.map((fence) => fence.name));
  for (const fence of DEMO_GEOFENCES) {
    if (fences.has(fence.name)) continue;
    await owner.run(
      'mutation ($input: CreateGeofenceInput!) { createGeofence(input: $input) { id } }',
      {
        input: fence,
      },
    );
    note(`geofence ${fence.name}`);
  }
  const data = await owner.run<{ vehicles: Array<{ id: string; name: string }> }>(
    `{ vehicles { ${VEHICLE_FIELDS} } }`,
  );
  const ids = new Map(data.vehicles.map((vehicle) => [vehicle.name, vehicle.id]));
  const fresh: string[] = [];
  if (DEMO_VEHICLES.some((vehicle) => !ids.has(vehicle.name))) {
    // Speeding counts after 10 s above the limit, so that --live raises one now and then.
    await owner.run(
      'mutation ($input: UpdateFleetSettingsInput!) { updateFleetSettings(input: $input) { speedingMinSeconds } }',
      { input: { speedingMinSeconds: 10, defaultSpeedLimitKph: 60 } },
    );
  }
  for (const vehicle of DEMO_VEHICLES) {
    if (ids.has(vehicle.name)) continue;
    const made = await owner.run<{ createVehicle: { id: string } }>(
      `mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { ${VEHICLE_FIELDS} } }`,
      {
        input: {
          name: vehicle.name,
          licensePlate: vehicle.licensePlate,
          driverName: vehicle.driverName,
          speedLimitKph: vehicle.speedLimitKph,
        },
      },
    );
    ids.set(vehicle.name, made.createVehicle.id);
    fresh.push(vehicle.name);
    note(`vehicle ${vehicle.name} (driver ${vehicle.driverName})`);
  }
  const vehicles = DEMO_VEHICLES.map((vehicle) => ({
    id: ids.get(vehicle.name)!,
    name: vehicle.name,
    speedLimitKph: vehicle.speedLimitKph,
    offset: vehicle.offset,
  }));
  const positions = vehicles
    .filter((vehicle) => fresh.includes(vehicle.name))
    .map((vehicle) => {
      const [lat, lng] = DEMO_ROUTE[Math.floor(vehicle.offset * DEMO_ROUTE.length)];
      return {
        vehicleId: vehicle.id,
        at: new Date().toISOString(),
        lat,
        lng,
        speedKph: 0,
        heading: 0,
      };
    });
  if (positions.length > 0) {
    await owner.run(
      'mutation ($positions: [PositionInput!]!) { recordPositions(positions: $positions) }',
      {
        positions,
      },
    );
  }
  return vehicles;
}
