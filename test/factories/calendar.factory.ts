import { graphql } from '../utils/graphql-client';
import { Endpoint, gqlOk } from './identity.factory';

export const EVENT_FIELDS = `id title description location startsAt endsAt allDay timezone recurrence
  source externalId createdAt updatedAt organizer { id email } attendees { email name response user { id } }`;

export const CREATE_EVENT = `mutation CreateEvent($input: CreateEventInput!) { createEvent(input: $input) { ${EVENT_FIELDS} } }`;
export const UPDATE_EVENT = `mutation UpdateEvent($id: ID!, $input: UpdateEventInput!, $occurrenceStartsAt: DateTime) {
  updateEvent(id: $id, input: $input, occurrenceStartsAt: $occurrenceStartsAt) { ${EVENT_FIELDS} } }`;
export const DELETE_EVENT = `mutation DeleteEvent($id: ID!, $occurrenceStartsAt: DateTime) {
  deleteEvent(id: $id, occurrenceStartsAt: $occurrenceStartsAt) }`;
export const EVENT = `query Event($id: ID!) { event(id: $id) { ${EVENT_FIELDS} } }`;
export const EVENTS = `query Events($from: DateTime!, $to: DateTime!, $userIds: [ID!]) {
  events(from: $from, to: $to, userIds: $userIds) { startsAt endsAt event { id title recurrence } } }`;
export const AVAILABILITY = `query Availability($input: AvailabilityInput!) {
  availability(input: $input) { startsAt endsAt } }`;
export const CONNECTIONS = `{ calendarConnections { id provider accountEmail status lastSyncedAt lastError } }`;
export const CONNECT_GOOGLE = 'mutation { connectGoogleCalendar { url } }';
export const SYNC_CALENDAR = `mutation Sync($connectionId: ID!) {
  syncCalendar(connectionId: $connectionId) { id status lastSyncedAt lastError } }`;
export const DISCONNECT_CALENDAR = `mutation Disconnect($connectionId: ID!) { disconnectCalendar(connectionId: $connectionId) }`;

export interface CreatedEvent {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timezone: string;
  recurrence: string | null;
  source: string;
  externalId: string | null;
  attendees: Array<{ email: string; response: string; user: { id: string } | null }>;
  [field: string]: unknown;
}

export interface Occurrence {
  startsAt: string;
  endsAt: string;
  event: { id: string; title: string; recurrence: string | null };
}

export async function createEvent(
  api: Endpoint,
  token: string,
  input: Record<string, unknown> = {},
): Promise<CreatedEvent> {
  const data = await gqlOk<{ createEvent: CreatedEvent }>(
    api,
    CREATE_EVENT,
    {
      input: {
        title: `Event ${Math.random().toString(36).slice(2, 8)}`,
        startsAt: '2026-03-02T15:00:00.000Z',
        endsAt: '2026-03-02T16:00:00.000Z',
        timezone: 'UTC',
        ...input,
      },
    },
    token,
  );
  return data.createEvent;
}

export async function occurrences(
  api: Endpoint,
  token: string,
  from: string,
  to: string,
  userIds?: string[],
): Promise<Occurrence[]> {
  const data = await gqlOk<{ events: Occurrence[] }>(api, EVENTS, { from, to, userIds }, token);
  return data.events;
}

/** Follows the consent URL the way Google would: returns the callback URL with a fresh code. */
export function callbackFor(consentUrl: string, code: string, apiUrl: string): string {
  const consent = new URL(consentUrl);
  const redirect = new URL(consent.searchParams.get('redirect_uri')!);
  const callback = new URL(`${apiUrl}${redirect.pathname}`);
  callback.searchParams.set('code', code);
  callback.searchParams.set('state', consent.searchParams.get('state')!);
  return callback.toString();
}

/**
 * Asks for a consent URL as a browser would: returns the URL and the
 * `sb_google_oauth` cookie (as a Cookie header value) the answer set.
 */
export async function startGoogleConnection(
  api: { graphqlUrl: string },
  token: string,
): Promise<{ url: string; cookie: string; setCookie: string }> {
  const response = await graphql<{ connectGoogleCalendar: { url: string } }>(
    api.graphqlUrl,
    CONNECT_GOOGLE,
    {},
    { token },
  );
  if (response.body.errors?.length || !response.body.data) {
    throw new Error(`connectGoogleCalendar failed: ${JSON.stringify(response.body.errors)}`);
  }
  const setCookie =
    response.headers.getSetCookie().find((value) => value.startsWith('sb_google_oauth=')) ?? '';
  return {
    url: response.body.data.connectGoogleCalendar.url,
    cookie: setCookie.split(';')[0],
    setCookie,
  };
}
