import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { expandOccurrences } from '@/modules/calendar/calendar-queries.service';
import { BuiltinDirectoryRepository, DirectoryEventRow } from './builtin-directory.repository';
import type { Directory } from './builtin-types';

/** How far ahead events are loaded for "cancel the standup tomorrow". */
export const DIRECTORY_EVENT_DAYS = 14;
/** Caps that keep one turn's look-ups cheap (and the directory small). */
const MAX_OCCURRENCES = 500;

const asEvent = (row: DirectoryEventRow) => ({
  id: row.id,
  title: row.title,
  startsAt: new Date(row.startsAt),
  endsAt: new Date(row.endsAt),
  timezone: row.timezone,
  recurrence: row.recurrence,
  exdates: row.exdates.map((ms) => new Date(ms)),
  recurringEventId: row.recurringEventId,
  originalStartsAt: row.originalStartsAt === null ? null : new Date(row.originalStartsAt),
});

/**
 * The names the built-in parser resolves against, read per turn for the
 * caller's own organization only, in one statement
 * (BuiltinDirectoryRepository). Nothing is cached, so a task created by one
 * request is found by the next one on any api process. A part is read only
 * when the caller's role has the tools that read it (no campaign names for
 * someone who cannot see calls).
 */
@Injectable()
export class BuiltinDirectoryService {
  constructor(private readonly rows: BuiltinDirectoryRepository) {}

  async load(viewer: Viewer, now: Date, tools: readonly string[]): Promise<Directory> {
    const has = (name: string) => tools.includes(name);
    const to = new Date(now.getTime() + DIRECTORY_EVENT_DAYS * 86_400_000);
    const read = await this.rows.load(
      viewer.organizationId,
      {
        tasks: has('list_tasks'),
        events: has('list_events'),
        vehicles: has('list_vehicles') || has('locate_vehicle'),
        alerts: has('list_fleet_alerts'),
        campaigns: has('list_campaigns') || has('quality_report'),
      },
      now,
      to,
    );
    // The calendar's own expansion (series, EXDATEs, moved instances).
    const events = read.events.map(asEvent);
    const occurrences = expandOccurrences(
      events.filter((_, index) => read.events[index].inRange),
      events.filter((_, index) => read.events[index].override),
      now,
      to,
    );
    return {
      members: read.members,
      teams: read.teams,
      tasks: read.tasks,
      events: occurrences.slice(0, MAX_OCCURRENCES).map((occurrence) => ({
        id: occurrence.event.id,
        title: occurrence.event.title,
        startsAt: occurrence.startsAt,
        endsAt: occurrence.endsAt,
      })),
      vehicles: read.vehicles,
      alerts: read.alerts ?? undefined,
      campaigns: read.campaigns,
    };
  }
}
