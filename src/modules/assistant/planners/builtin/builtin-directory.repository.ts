import { Injectable } from '@nestjs/common';
import { NamedStatement, NamedStatements } from '@/database/named-statement';

/** Which parts of the directory to read (the caller's role decides). */
export interface DirectoryParts {
  tasks: boolean;
  events: boolean;
  vehicles: boolean;
  alerts: boolean;
  campaigns: boolean;
}

/** An event row as the directory reads it: instants as epoch milliseconds. */
export interface DirectoryEventRow {
  id: string;
  title: string;
  startsAt: number;
  endsAt: number;
  timezone: string;
  recurrence: string | null;
  exdates: number[];
  recurringEventId: string | null;
  originalStartsAt: number | null;
  /** A row `CalendarEventRepository.inRange` would return. */
  inRange: boolean;
  /** An override row of a series that is in range (`overridesOf`). */
  override: boolean;
}

export interface DirectoryRows {
  members: { id: string; name: string; email: string; teamIds: string[] }[];
  teams: { id: string; name: string }[];
  tasks: { id: string; title: string; status: string }[];
  events: DirectoryEventRow[];
  vehicles: { id: string; name: string }[];
  alerts: { id: string; vehicleId: string | null; kind: string }[] | null;
  campaigns: { id: string; name: string }[];
}

/** Most members, open tasks and open alerts read (the services' own caps). */
const MAX_MEMBERS = 1000;
const MAX_TASKS = 500;
const MAX_ALERTS = 100;

const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/**
 * Everything the built-in parser resolves names against, in ONE statement:
 * only ids, names and the few fields the parser reads, as one JSON array per
 * kind, every part restricted to the caller's organization ($1). It used to
 * be eight statements through the domain services (whole entities through
 * TypeORM), the largest part of a turn's cost. Same rows, caps and order as
 * those services: members by name (with their team places), teams by name,
 * open tasks newest first, vehicles by name, unacknowledged alerts newest
 * first, campaigns newest first, and the calendar rows `CalendarQueries
 * .occurrences` reads for [from, to) (events in range and the override rows
 * of the series in range), expanded by the caller. Soft-deleted rows never.
 */
const DIRECTORY_SQL = `
WITH master AS (
  SELECT id FROM calendar_event
   WHERE $4 AND organization_id = $1 AND deleted_at IS NULL AND cancelled = false
     AND starts_at < $8 AND recurrence IS NOT NULL AND recurring_event_id IS NULL
)
SELECT
  (SELECT coalesce(json_agg(json_build_object(
            'id', person.id, 'name', person.name, 'email', person.email,
            'teamIds', coalesce((
              SELECT json_agg(place.team_id ORDER BY place.created_at, place.id)
                FROM team_member place
               WHERE place.organization_id = $1 AND place.user_id = person.id), '[]'::json))
          ORDER BY person.name, person.id), '[]'::json)
     FROM (SELECT u.id, u.name, u.email
             FROM membership m JOIN app_user u ON u.id = m.user_id
            WHERE m.organization_id = $1
            ORDER BY u.name, u.id
            LIMIT ${MAX_MEMBERS}) person) AS members,
  (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name) ORDER BY name, id), '[]'::json)
     FROM team WHERE organization_id = $1) AS teams,
  (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title, 'status', status)
                            ORDER BY created_at DESC, id), '[]'::json)
     FROM (SELECT id, title, status, created_at FROM task
            WHERE $2 AND organization_id = $1 AND deleted_at IS NULL
              AND status IN ('TODO', 'IN_PROGRESS', 'BLOCKED')
            ORDER BY created_at DESC, id
            LIMIT ${MAX_TASKS}) open_task) AS tasks,
  (SELECT coalesce(json_agg(json_build_object(
            'id', e.id, 'title', e.title,
            'startsAt', ${epochMs('e.starts_at')}, 'endsAt', ${epochMs('e.ends_at')},
            'timezone', e.timezone, 'recurrence', e.recurrence,
            'exdates', (SELECT coalesce(json_agg(${epochMs('x')}), '[]'::json) FROM unnest(e.exdates) x),
            'recurringEventId', e.recurring_event_id,
            'originalStartsAt', ${epochMs('e.original_starts_at')},
            'inRange', e.in_range, 'override', e.override)), '[]'::json)
     FROM (SELECT ev.*,
                  (ev.cancelled = false AND ev.starts_at < $8
                   AND ((ev.recurrence IS NOT NULL AND ev.recurring_event_id IS NULL)
                        OR ev.ends_at > $7)) AS in_range,
                  (ev.recurring_event_id IN (SELECT id FROM master)) AS override
             FROM calendar_event ev
            WHERE $4 AND ev.organization_id = $1 AND ev.deleted_at IS NULL) e
    WHERE e.in_range OR e.override) AS events,
  (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name) ORDER BY name, id), '[]'::json)
     FROM vehicle WHERE $3 AND organization_id = $1) AS vehicles,
  (SELECT CASE WHEN $5 THEN coalesce(json_agg(json_build_object(
            'id', id, 'vehicleId', vehicle_id, 'kind', kind) ORDER BY at DESC, id), '[]'::json) END
     FROM (SELECT id, vehicle_id, kind, at FROM fleet_alert
            WHERE $5 AND organization_id = $1 AND acknowledged_at IS NULL
            ORDER BY at DESC, id
            LIMIT ${MAX_ALERTS}) open_alert) AS alerts,
  (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name)
                            ORDER BY created_at DESC, id DESC), '[]'::json)
     FROM campaign WHERE $6 AND organization_id = $1) AS campaigns
`;

/** Run on every built-in turn, so prepared once per connection (planning it cost ~0.8 ms). */
const DIRECTORY: NamedStatement = { name: 'assistant.builtin-directory', text: DIRECTORY_SQL };

/** The SQL of the built-in parser's directory (see DIRECTORY_SQL). */
@Injectable()
export class BuiltinDirectoryRepository {
  constructor(private readonly statements: NamedStatements) {}

  async load(
    organizationId: string,
    parts: DirectoryParts,
    from: Date,
    to: Date,
  ): Promise<DirectoryRows> {
    const [row] = await this.statements.runPooled<DirectoryRows>(DIRECTORY, [
      organizationId,
      parts.tasks,
      parts.vehicles,
      parts.events,
      parts.alerts,
      parts.campaigns,
      from.toISOString(),
      to.toISOString(),
    ]);
    return row;
  }
}
