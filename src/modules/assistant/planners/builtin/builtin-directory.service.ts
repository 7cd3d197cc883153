import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { CalendarQueriesService } from '@/modules/calendar/calendar-queries.service';
import { CampaignsService } from '@/modules/calls/campaigns/campaigns.service';
import { FleetAlertsService } from '@/modules/fleet/fleet-alerts.service';
import { VehiclesService } from '@/modules/fleet/vehicles.service';
import { MembersService } from '@/modules/organizations/members.service';
import { TeamsService } from '@/modules/organizations/teams.service';
import { TaskQueriesService } from '@/modules/tasks/task-queries.service';
import type { Directory } from './builtin-types';

/** How far ahead events are loaded for "cancel the standup tomorrow". */
export const DIRECTORY_EVENT_DAYS = 14;
/** Caps that keep one turn's look-ups cheap (and the directory small). */
const MAX_OCCURRENCES = 500;

/**
 * The names the built-in parser resolves against, loaded per turn through the
 * domain services with the caller's own viewer, so only their organization's
 * rows are ever read. A part is loaded only when the caller's role has the
 * tools that read it (no campaign names for someone who cannot see calls).
 * A handful of queries, run in parallel.
 */
@Injectable()
export class BuiltinDirectoryService {
  constructor(
    private readonly members: MembersService,
    private readonly teams: TeamsService,
    private readonly tasks: TaskQueriesService,
    private readonly calendar: CalendarQueriesService,
    private readonly vehicles: VehiclesService,
    private readonly alerts: FleetAlertsService,
    private readonly campaigns: CampaignsService,
  ) {}

  async load(viewer: Viewer, now: Date, tools: readonly string[]): Promise<Directory> {
    const has = (name: string) => tools.includes(name);
    const to = new Date(now.getTime() + DIRECTORY_EVENT_DAYS * 86_400_000);
    const [members, teams, tasks, events, vehicles, alerts, campaigns] = await Promise.all([
      this.members.directory(viewer),
      this.teams.list(viewer),
      has('list_tasks') ? this.tasks.openTaskTitles(viewer) : [],
      has('list_events') ? this.calendar.events(viewer, now, to) : [],
      has('list_vehicles') || has('locate_vehicle') ? this.vehicles.list(viewer) : [],
      has('list_fleet_alerts') ? this.alerts.openAlerts(viewer) : undefined,
      has('list_campaigns') || has('quality_report') ? this.campaigns.list(viewer) : [],
    ]);
    return {
      members,
      teams: teams.map((team) => ({ id: team.id, name: team.name })),
      tasks: tasks.map((task) => ({ id: task.id, title: task.title, status: task.status })),
      events: events.slice(0, MAX_OCCURRENCES).map((occurrence) => ({
        id: occurrence.event.id,
        title: occurrence.event.title,
        startsAt: occurrence.startsAt,
        endsAt: occurrence.endsAt,
      })),
      vehicles: vehicles.map((vehicle) => ({ id: vehicle.id, name: vehicle.name })),
      alerts: alerts?.map((alert) => ({
        id: alert.id,
        vehicleId: alert.vehicleId,
        kind: alert.kind,
      })),
      campaigns: campaigns.map((campaign) => ({ id: campaign.id, name: campaign.name })),
    };
  }
}
