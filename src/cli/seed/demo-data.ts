/**
 * What `npm run seed` creates: one demo organization, described here as data
 * so that every run (and `--live`) works from the same names. Names are the
 * natural keys the seed finds things by on a second run.
 */

export type DemoRole = 'OWNER' | 'ADMIN' | 'SUPERVISOR' | 'AGENT' | 'VIEWER';

export interface DemoPerson {
  key: string;
  name: string;
  email: string;
  role: DemoRole;
  timezone: string;
}

/** Everyone signs in with this password (a demo: the seed refuses to run in production). */
export const DEMO_PASSWORD = 'switchboard-demo-2026';

export const DEMO_ORGANIZATION = 'Northwind Dispatch (demo)';

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    key: 'maya',
    name: 'Maya Okafor',
    email: 'maya@demo.switchboard.test',
    role: 'OWNER',
    timezone: 'America/New_York',
  },
  {
    key: 'lars',
    name: 'Lars Jensen',
    email: 'lars@demo.switchboard.test',
    role: 'ADMIN',
    timezone: 'Europe/Copenhagen',
  },
  {
    key: 'priya',
    name: 'Priya Raman',
    email: 'priya@demo.switchboard.test',
    role: 'SUPERVISOR',
    timezone: 'Asia/Kolkata',
  },
  {
    key: 'diego',
    name: 'Diego Alvarez',
    email: 'diego@demo.switchboard.test',
    role: 'AGENT',
    timezone: 'America/Mexico_City',
  },
  {
    key: 'sam',
    name: 'Sam Taylor',
    email: 'sam@demo.switchboard.test',
    role: 'AGENT',
    timezone: 'Europe/London',
  },
  {
    key: 'ken',
    name: 'Ken Sato',
    email: 'ken@demo.switchboard.test',
    role: 'VIEWER',
    timezone: 'Asia/Tokyo',
  },
];

export const DEMO_OWNER = DEMO_PEOPLE[0];

export interface DemoTeam {
  name: string;
  description: string;
  lead: string;
  members: string[];
}

export const DEMO_TEAMS: DemoTeam[] = [
  {
    name: 'Dispatch',
    description: 'Plans the routes and keeps the trucks moving',
    lead: 'priya',
    members: ['diego', 'sam'],
  },
  {
    name: 'Customer care',
    description: 'Answers the phones',
    lead: 'lars',
    members: ['sam', 'diego'],
  },
];

export interface DemoTask {
  title: string;
  team: string;
  description?: string;
  status?: 'TODO' | 'IN_PROGRESS' | 'BLOCKED' | 'DONE';
  priority?: 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';
  assignee?: string;
  /** Days from now (negative: overdue). */
  dueInDays?: number;
  labels?: string[];
  subtasks?: Array<{ title: string; status?: DemoTask['status']; assignee?: string }>;
  comments?: Array<{ by: string; body: string }>;
}

export const DEMO_TASKS: DemoTask[] = [
  {
    title: 'Plan the Monday delivery routes',
    team: 'Dispatch',
    description: 'Three trucks, forty stops; keep the refrigerated loads first.',
    status: 'IN_PROGRESS',
    priority: 'HIGH',
    assignee: 'priya',
    dueInDays: 1,
    labels: ['routes'],
    subtasks: [
      { title: 'Collect the stop list from the warehouse', status: 'DONE', assignee: 'diego' },
      { title: 'Group the stops by district', status: 'IN_PROGRESS', assignee: 'priya' },
      { title: 'Send each driver their route', assignee: 'sam' },
    ],
    comments: [
      { by: 'priya', body: 'The warehouse list arrived, 42 stops this week.' },
      { by: 'diego', body: 'Two of them are the new customers on the harbour side.' },
    ],
  },
  {
    title: 'Service van 2 (brakes)',
    team: 'Dispatch',
    status: 'BLOCKED',
    priority: 'URGENT',
    assignee: 'diego',
    dueInDays: -1,
    labels: ['fleet'],
    comments: [{ by: 'diego', body: 'Waiting for the garage to confirm a slot.' }],
  },
  {
    title: 'Renew the depot parking permit',
    team: 'Dispatch',
    status: 'TODO',
    priority: 'MEDIUM',
    assignee: 'sam',
    dueInDays: 7,
  },
  {
    title: 'Call back customers with late deliveries',
    team: 'Customer care',
    description: 'Everyone whose delivery was more than an hour late yesterday.',
    status: 'IN_PROGRESS',
    priority: 'HIGH',
    assignee: 'sam',
    dueInDays: 0,
    labels: ['calls'],
    subtasks: [
      { title: 'Pull the list of late deliveries', status: 'DONE', assignee: 'lars' },
      { title: 'Call the harbour district', assignee: 'sam' },
      { title: 'Call the old town', assignee: 'diego' },
    ],
    comments: [{ by: 'lars', body: 'Eleven customers on the list.' }],
  },
  {
    title: 'Update the greeting script',
    team: 'Customer care',
    status: 'TODO',
    priority: 'LOW',
    assignee: 'lars',
    dueInDays: 14,
    labels: ['scorecard'],
  },
  {
    title: 'Review last week’s lowest-scored calls',
    team: 'Customer care',
    status: 'DONE',
    priority: 'MEDIUM',
    assignee: 'priya',
    dueInDays: -3,
  },
];

export interface DemoEvent {
  title: string;
  /** Local wall time in `timezone` of the first occurrence, days from today. */
  inDays: number;
  hour: number;
  minute?: number;
  durationMinutes: number;
  timezone: string;
  recurrence?: string;
  organizer: string;
  attendees: string[];
  location?: string;
}

export const DEMO_EVENTS: DemoEvent[] = [
  {
    title: 'Dispatch stand-up',
    inDays: 1,
    hour: 8,
    minute: 30,
    durationMinutes: 15,
    timezone: 'America/New_York',
    recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    organizer: 'maya',
    attendees: ['priya', 'diego', 'sam'],
  },
  {
    title: 'Call quality review',
    inDays: 2,
    hour: 14,
    durationMinutes: 60,
    timezone: 'Europe/Copenhagen',
    recurrence: 'FREQ=WEEKLY;BYDAY=TH',
    organizer: 'lars',
    attendees: ['priya', 'sam'],
    location: 'Meeting room 2',
  },
  {
    title: 'Route planning with the Pune office',
    inDays: 3,
    hour: 17,
    durationMinutes: 45,
    timezone: 'Asia/Kolkata',
    recurrence: 'FREQ=MONTHLY;COUNT=6',
    organizer: 'priya',
    attendees: ['maya', 'ken'],
  },
];

export const DEMO_CAMPAIGN = {
  name: 'Delivery support line',
  script: 'Greet, take the order number, apologise for any delay, offer a new slot.',
  criteria: [
    {
      key: 'greeting',
      description: 'Agent thanks the customer for calling within 30 seconds',
      kind: 'PHRASE_REQUIRED',
      weight: 2,
      config: { phrases: ['thank you for calling'], speaker: 'AGENT', withinSec: 30 },
    },
    {
      key: 'no_promises',
      description: 'Agent makes no promises about delivery times',
      kind: 'PHRASE_FORBIDDEN',
      weight: 1,
      config: { phrases: ['guaranteed', 'I promise'], speaker: 'AGENT' },
    },
    {
      key: 'listening',
      description: 'Agent lets the customer talk',
      kind: 'METRIC_THRESHOLD',
      weight: 1,
      config: { metric: 'agentTalkRatio', op: 'lte', value: 0.75 },
    },
    {
      key: 'empathy',
      description: 'Agent shows empathy for the problem with the delivery',
      kind: 'LLM_JUDGED',
      weight: 3,
      config: { guidance: 'Look for apologies and acknowledgement of the problem.' },
    },
  ],
};

type Line = [speaker: 'AGENT' | 'CUSTOMER', text: string];

/** Call transcripts, good and bad, that the scorecard above tells apart. */
export const DEMO_CALL_SCRIPTS: Line[][] = [
  [
    ['AGENT', 'Hello, thank you for calling Northwind, this is Sam.'],
    ['CUSTOMER', 'Hi, my parcel was supposed to arrive yesterday and it never came.'],
    [
      'AGENT',
      'I am so sorry about that, I understand how frustrating it is. Can I have the order number?',
    ],
    ['CUSTOMER', 'It is 4 4 7 1 9.'],
    ['AGENT', 'Thank you. The van had a breakdown; I can book a new slot tomorrow morning.'],
    ['CUSTOMER', 'Tomorrow morning works, thanks.'],
  ],
  [
    ['AGENT', 'Northwind.'],
    ['CUSTOMER', 'Where is my delivery? This is the second time it is late.'],
    [
      'AGENT',
      'It will be there today, guaranteed. Drivers are busy, there is nothing else I can do, it is on the van and the van is out, so it arrives when it arrives.',
    ],
    ['CUSTOMER', 'That is not good enough.'],
  ],
  [
    ['AGENT', 'Good morning, thank you for calling Northwind, Diego speaking.'],
    ['CUSTOMER', 'Hello, I would like to move my delivery to Friday.'],
    ['AGENT', 'Of course. Which address is it for?'],
    ['CUSTOMER', 'The harbour office, Pier 4.'],
    [
      'AGENT',
      'Done, Friday between nine and twelve. Sorry for any trouble, is there anything else?',
    ],
    ['CUSTOMER', 'No, that is all, thanks.'],
  ],
  [
    ['AGENT', 'Thank you for calling Northwind, this is Sam.'],
    ['CUSTOMER', 'The driver left the parcel in the rain and it is soaked.'],
    [
      'AGENT',
      'Oh no, I apologise, that should not happen. I will send a replacement today and note the door for the driver.',
    ],
    ['CUSTOMER', 'Thank you, that helps.'],
  ],
];

/** Segments with plausible timings (about five seconds a line). */
export function transcriptOf(script: Line[]): Array<Record<string, unknown>> {
  let at = 0;
  return script.map(([speaker, text]) => {
    const seconds = Math.max(2, Math.round(text.split(' ').length / 2.5));
    const segment = { speaker, text, startSec: at, endSec: at + seconds };
    at += seconds + 1;
    return segment;
  });
}

/** A loop through a small town (Copenhagen's harbour), as [lat, lng]. */
export const DEMO_ROUTE: Array<[number, number]> = [
  [55.6761, 12.5683],
  [55.6785, 12.5752],
  [55.6812, 12.5843],
  [55.6858, 12.5901],
  [55.6903, 12.5962],
  [55.6889, 12.6034],
  [55.6836, 12.6011],
  [55.6779, 12.5939],
  [55.6731, 12.5846],
  [55.6726, 12.5741],
];

const square = (lat: number, lng: number, half: number): Record<string, unknown> => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng - half * 1.8, lat - half],
      [lng + half * 1.8, lat - half],
      [lng + half * 1.8, lat + half],
      [lng - half * 1.8, lat + half],
      [lng - half * 1.8, lat - half],
    ],
  ],
});

export const DEMO_GEOFENCES = [
  { name: 'Depot', geometry: square(55.6761, 12.5683, 0.0012) },
  { name: 'Harbour customer site', geometry: square(55.6903, 12.5962, 0.0012) },
];

export const DEMO_VEHICLES = [
  {
    name: 'Truck 1',
    licensePlate: 'DK 12 345',
    driverName: 'Ana Lind',
    speedLimitKph: 60,
    offset: 0,
  },
  {
    name: 'Truck 2',
    licensePlate: 'DK 23 456',
    driverName: 'Ole Berg',
    speedLimitKph: 60,
    offset: 0.33,
  },
  {
    name: 'Van 3',
    licensePlate: 'DK 34 567',
    driverName: 'Mia Holm',
    speedLimitKph: 50,
    offset: 0.66,
  },
];
