import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A local stand-in for Google's OAuth 2.0 token and revocation endpoints and
 * the Calendar v3 events endpoints the calendar-sync worker uses (list with
 * syncToken / pageToken / showDeleted, get, insert, patch with If-Match,
 * delete), speaking their wire format so the real googleapis client talks to
 * it. Sync tokens are positions in one change sequence; deleted events stay
 * as `status: "cancelled"` like Google's. Tests drive it directly: issue
 * authorization codes, change events "at Google", expire sync tokens (410),
 * refuse refresh tokens (invalid_grant) and inject failures (401, 429, 5xx).
 */
export interface FakeEvent {
  id: string;
  status: 'confirmed' | 'cancelled';
  etag: string;
  updated: string;
  summary?: string;
  description?: string | null;
  location?: string | null;
  start?: { dateTime?: string; date?: string; timeZone?: string };
  end?: { dateTime?: string; date?: string; timeZone?: string };
  recurrence?: string[];
  recurringEventId?: string;
  originalStartTime?: { dateTime?: string; date?: string; timeZone?: string };
  attendees?: Array<{ email: string; displayName?: string; responseStatus?: string }>;
  organizer?: { email: string };
  seq: number;
}

interface Calendar {
  email: string;
  timeZone: string;
  events: Map<string, FakeEvent>;
}

interface Failure {
  path: RegExp;
  method?: string;
  status: number;
  body: unknown;
  remaining: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
  /** When the answer was sent (ms since epoch). */
  at: number;
  /** The Google account whose access token made the request, if any. */
  account?: string;
}

const token = (prefix: string): string => `${prefix}-${randomBytes(12).toString('hex')}`;

export class FakeGoogle {
  url = '';
  private server?: Server;
  private seq = 0;
  /** Sync tokens of an older generation answer 410 Gone. */
  private generation = 1;
  private readonly codes = new Map<string, { email: string; refreshToken: string }>();
  private readonly refreshTokens = new Map<string, { email: string; valid: boolean }>();
  private readonly accessTokens = new Map<string, string>();
  private readonly calendars = new Map<string, Calendar>();
  private readonly failures: Failure[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly revoked: string[] = [];
  /** Largest page the list endpoint returns (whatever maxResults asks). */
  pageSize = 250;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: Error) => {
        this.send(res, req, 500, { error: { code: 500, message: error.message } }, {});
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Environment for an api or worker that talks to this fake. */
  env(): Record<string, string> {
    return {
      GOOGLE_CLIENT_ID: 'fake-client-id.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 'fake-client-secret',
      GOOGLE_API_BASE_URL: this.url,
      GOOGLE_OAUTH_BASE_URL: this.url,
    };
  }

  /** What Google's consent page would hand back for `email`: an authorization code. */
  issueCode(email: string, timeZone = 'UTC'): string {
    const code = token('code');
    const refreshToken = token('1//refresh');
    this.codes.set(code, { email, refreshToken });
    this.refreshTokens.set(refreshToken, { email, valid: true });
    this.calendar(email, timeZone);
    return code;
  }

  /** The refresh token issued for `email` (the last one). */
  refreshTokenOf(email: string): string | undefined {
    let found: string | undefined;
    for (const [value, entry] of this.refreshTokens) if (entry.email === email) found = value;
    return found;
  }

  /** Google forgets the account's grants: refreshes answer invalid_grant. */
  revokeGrants(email: string): void {
    for (const entry of this.refreshTokens.values()) if (entry.email === email) entry.valid = false;
    for (const [access, owner] of this.accessTokens)
      if (owner === email) this.accessTokens.delete(access);
  }

  /** Every sync token issued so far becomes invalid (410 Gone). */
  expireSyncTokens(): void {
    this.generation++;
  }

  /** The next `count` requests matching `path` (and `method`) answer `status`. */
  fail(path: RegExp, status: number, count = 1, method?: string): void {
    const reasons: Record<number, string> = {
      401: 'authError',
      403: 'forbidden',
      410: 'fullSyncRequired',
      429: 'rateLimitExceeded',
      500: 'backendError',
      503: 'backendError',
    };
    this.failures.push({
      path,
      method,
      status,
      remaining: count,
      body: {
        error: {
          code: status,
          message: `fake failure ${status}`,
          errors: [{ domain: 'global', reason: reasons[status] ?? 'failed', message: 'fake' }],
        },
      },
    });
  }

  calendar(email: string, timeZone = 'UTC'): Calendar {
    let calendar = this.calendars.get(email);
    if (!calendar) {
      calendar = { email, timeZone, events: new Map() };
      this.calendars.set(email, calendar);
    }
    return calendar;
  }

  /** An event created "at Google" (by the person in Google's own UI). */
  addEvent(email: string, fields: Partial<FakeEvent>): FakeEvent {
    const id = fields.id ?? token('g').replace('-', '');
    return this.store(
      this.calendar(email),
      { status: 'confirmed', organizer: { email }, ...fields, id } as FakeEvent,
      fields.updated,
    );
  }

  /** A change made "at Google". */
  changeEvent(email: string, id: string, fields: Partial<FakeEvent>): FakeEvent {
    const current = this.calendar(email).events.get(id);
    if (!current) throw new Error(`no event ${id}`);
    return this.store(this.calendar(email), { ...current, ...fields }, fields.updated);
  }

  deleteEvent(email: string, id: string): void {
    this.changeEvent(email, id, { status: 'cancelled' });
  }

  events(email: string): FakeEvent[] {
    return [...this.calendar(email).events.values()];
  }

  private store(calendar: Calendar, event: FakeEvent, updated?: string): FakeEvent {
    this.seq++;
    const stored: FakeEvent = {
      ...event,
      seq: this.seq,
      etag: `"${this.seq}"`,
      updated: updated ?? new Date().toISOString(),
    };
    calendar.events.set(stored.id, stored);
    return stored;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams.entries());
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      req.on('end', () => resolve(data));
    });
    const contentType = req.headers['content-type'] ?? '';
    let body: Record<string, unknown> = {};
    if (raw && contentType.includes('application/json')) body = JSON.parse(raw) as typeof body;
    else if (raw) body = Object.fromEntries(new URLSearchParams(raw).entries());
    const context = { url, query, body };

    const failure = this.failures.find(
      (entry) =>
        entry.remaining > 0 &&
        entry.path.test(url.pathname) &&
        (!entry.method || entry.method === req.method),
    );
    if (failure) {
      failure.remaining--;
      return this.send(res, req, failure.status, failure.body, context);
    }

    if (req.method === 'POST' && url.pathname === '/token') return this.token(req, res, context);
    if (req.method === 'POST' && url.pathname === '/revoke') {
      const revoked = query.token ?? (body.token as string | undefined);
      if (revoked) {
        this.revoked.push(revoked);
        const entry = this.refreshTokens.get(revoked);
        if (entry) entry.valid = false;
      }
      return this.send(res, req, 200, {}, context);
    }
    const match = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match)
      return this.send(res, req, 404, { error: { code: 404, message: 'Not Found' } }, context);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const owner = bearer ? this.accessTokens.get(bearer) : undefined;
    if (!owner) {
      return this.send(
        res,
        req,
        401,
        { error: { code: 401, message: 'Invalid Credentials', status: 'UNAUTHENTICATED' } },
        context,
      );
    }
    const calendarId = decodeURIComponent(match[1]);
    const calendar = this.calendar(calendarId === 'primary' ? owner : calendarId);
    const eventId = match[2] ? decodeURIComponent(match[2]) : undefined;
    if (!eventId && req.method === 'GET') return this.list(res, req, calendar, context);
    if (!eventId && req.method === 'POST') {
      const wanted = typeof body.id === 'string' ? body.id : undefined;
      if (wanted && calendar.events.has(wanted)) {
        return this.send(
          res,
          req,
          409,
          { error: { code: 409, message: 'The requested identifier already exists.' } },
          context,
        );
      }
      const created = this.store(calendar, {
        ...(body as Partial<FakeEvent>),
        id: wanted ?? token('g').replace('-', ''),
        status: 'confirmed',
        organizer: { email: calendar.email },
      } as FakeEvent);
      return this.send(res, req, 200, this.wire(created), context);
    }
    if (!eventId) return this.send(res, req, 405, { error: { code: 405 } }, context);
    let existing = calendar.events.get(eventId);
    if (req.method === 'GET') {
      return existing
        ? this.send(res, req, 200, this.wire(existing), context)
        : this.send(res, req, 404, { error: { code: 404, message: 'Not Found' } }, context);
    }
    if (req.method === 'PATCH' || req.method === 'PUT') {
      if (!existing) existing = this.instanceOf(calendar, eventId);
      if (!existing)
        return this.send(res, req, 404, { error: { code: 404, message: 'Not Found' } }, context);
      const ifMatch = req.headers['if-match'];
      if (ifMatch && ifMatch !== existing.etag) {
        return this.send(
          res,
          req,
          412,
          { error: { code: 412, message: 'Precondition Failed' } },
          context,
        );
      }
      const updated = this.store(calendar, {
        ...existing,
        ...(body as Partial<FakeEvent>),
        id: eventId,
      });
      return this.send(res, req, 200, this.wire(updated), context);
    }
    if (req.method === 'DELETE') {
      if (!existing)
        return this.send(res, req, 404, { error: { code: 404, message: 'Not Found' } }, context);
      if (existing.status === 'cancelled') {
        return this.send(
          res,
          req,
          410,
          { error: { code: 410, message: 'Resource has been deleted' } },
          context,
        );
      }
      this.store(calendar, { ...existing, status: 'cancelled' });
      return this.send(res, req, 204, undefined, context);
    }
    return this.send(res, req, 405, { error: { code: 405 } }, context);
  }

  /** `<seriesId>_<stamp>`: the instance of a series, materialised as an exception on first write. */
  private instanceOf(calendar: Calendar, eventId: string): FakeEvent | undefined {
    const at = eventId.lastIndexOf('_');
    if (at < 0) return undefined;
    const series = calendar.events.get(eventId.slice(0, at));
    if (!series?.recurrence) return undefined;
    const stamp = eventId.slice(at + 1);
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(stamp);
    if (!m) return undefined;
    const original = m[4]
      ? {
          dateTime: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`,
          timeZone: series.start?.timeZone,
        }
      : { date: `${m[1]}-${m[2]}-${m[3]}` };
    return {
      ...series,
      id: eventId,
      recurrence: undefined,
      recurringEventId: series.id,
      originalStartTime: original,
    };
  }

  private list(
    res: ServerResponse,
    req: IncomingMessage,
    calendar: Calendar,
    context: { query: Record<string, string> },
  ): void {
    const { query } = context;
    let since: number | null = null;
    let snapshot = this.seq;
    let offset = 0;
    if (query.pageToken) {
      const page = JSON.parse(Buffer.from(query.pageToken, 'base64url').toString('utf8')) as {
        since: number | null;
        snapshot: number;
        offset: number;
      };
      ({ since, snapshot, offset } = page);
    } else if (query.syncToken) {
      const parsed = /^sync-(\d+)-(\d+)$/.exec(query.syncToken);
      since = parsed ? Number(parsed[2]) : null;
      if (!parsed || Number(parsed[1]) !== this.generation) {
        return this.send(
          res,
          req,
          410,
          {
            error: {
              code: 410,
              message: 'Sync token is no longer valid, a full sync is required.',
              errors: [
                {
                  domain: 'calendar',
                  reason: 'fullSyncRequired',
                  message: 'Sync token is no longer valid, a full sync is required.',
                },
              ],
            },
          },
          context,
        );
      }
    }
    const showDeleted = since !== null || query.showDeleted === 'true';
    const all = [...calendar.events.values()]
      .filter((event) => event.seq <= snapshot)
      .filter((event) => (since === null ? true : event.seq > since))
      .filter((event) => showDeleted || event.status !== 'cancelled')
      .sort((a, b) => a.seq - b.seq);
    const size = Math.min(Number(query.maxResults ?? 250) || 250, this.pageSize);
    const items = all.slice(offset, offset + size);
    const more = offset + size < all.length;
    this.send(
      res,
      req,
      200,
      {
        kind: 'calendar#events',
        summary: calendar.email,
        timeZone: calendar.timeZone,
        items: items.map((event) => this.wire(event)),
        ...(more
          ? {
              nextPageToken: Buffer.from(
                JSON.stringify({ since, snapshot, offset: offset + size }),
              ).toString('base64url'),
            }
          : { nextSyncToken: `sync-${this.generation}-${snapshot}` }),
      },
      context,
    );
  }

  private token(
    req: IncomingMessage,
    res: ServerResponse,
    context: { body: Record<string, unknown> },
  ) {
    const { body } = context;
    if (
      body.client_id !== 'fake-client-id.apps.googleusercontent.com' ||
      body.client_secret !== 'fake-client-secret'
    ) {
      return this.send(res, req, 401, { error: 'invalid_client' }, context);
    }
    if (body.grant_type === 'authorization_code') {
      const grant = this.codes.get(String(body.code));
      if (!grant)
        return this.send(
          res,
          req,
          400,
          { error: 'invalid_grant', error_description: 'Malformed auth code.' },
          context,
        );
      this.codes.delete(String(body.code));
      const access = token('ya29');
      this.accessTokens.set(access, grant.email);
      const idToken = [
        Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url'),
        Buffer.from(JSON.stringify({ email: grant.email, sub: grant.email })).toString('base64url'),
        'sig',
      ].join('.');
      return this.send(
        res,
        req,
        200,
        {
          access_token: access,
          refresh_token: grant.refreshToken,
          expires_in: 3599,
          token_type: 'Bearer',
          scope: 'openid email https://www.googleapis.com/auth/calendar.events',
          id_token: idToken,
        },
        context,
      );
    }
    if (body.grant_type === 'refresh_token') {
      const entry = this.refreshTokens.get(String(body.refresh_token));
      if (!entry?.valid) {
        return this.send(
          res,
          req,
          400,
          { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
          context,
        );
      }
      const access = token('ya29');
      this.accessTokens.set(access, entry.email);
      return this.send(
        res,
        req,
        200,
        { access_token: access, expires_in: 3599, token_type: 'Bearer' },
        context,
      );
    }
    return this.send(res, req, 400, { error: 'unsupported_grant_type' }, context);
  }

  private wire(event: FakeEvent): Record<string, unknown> {
    const { seq: _seq, ...rest } = event;
    void _seq;
    if (event.status === 'cancelled') {
      return {
        kind: 'calendar#event',
        id: rest.id,
        etag: rest.etag,
        status: 'cancelled',
        updated: rest.updated,
        ...(rest.recurringEventId
          ? { recurringEventId: rest.recurringEventId, originalStartTime: rest.originalStartTime }
          : {}),
      };
    }
    return { kind: 'calendar#event', ...rest };
  }

  private send(
    res: ServerResponse,
    req: IncomingMessage,
    status: number,
    body: unknown,
    context: { url?: URL; query?: Record<string, string>; body?: unknown },
  ): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    this.requests.push({
      at: Date.now(),
      account: bearer ? this.accessTokens.get(bearer) : undefined,
      method: req.method ?? 'GET',
      path: context.url?.pathname ?? req.url ?? '',
      query: context.query ?? {},
      headers: req.headers,
      body: context.body,
      status,
    });
    if (body === undefined) {
      res.writeHead(status);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }
}
