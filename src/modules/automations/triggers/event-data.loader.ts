import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AutomationTrigger } from '../automation.enums';
import type { AutomationEventData } from '../automation-types';

/** Drops null and undefined members (recursively): an absent field is absent, not null. */
function compactObject(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null || member === undefined) continue;
    if (typeof member === 'object' && !Array.isArray(member)) {
      const inner = compactObject(member as Record<string, unknown>);
      if (Object.keys(inner).length > 0) result[key] = inner;
    } else {
      result[key] = member;
    }
  }
  return result;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** One occurrence of a calendar event, as the scheduler found it. */
export interface CalendarOccurrence {
  eventId: string;
  title: string;
  location: string | null;
  organizerId: string | null;
  startsAt: Date;
  endsAt: Date;
}

/**
 * The whitelisted view of a trigger's event (event-fields.ts: exactly those
 * paths, absent values left out), read in the organization only. Null when
 * the subject is gone (a task deleted before its run was created).
 */
@Injectable()
export class EventDataLoader {
  async load(
    manager: EntityManager,
    organizationId: string,
    trigger: AutomationTrigger,
    subjectId: string,
  ): Promise<AutomationEventData | null> {
    switch (trigger) {
      case AutomationTrigger.TASK_CREATED:
      case AutomationTrigger.TASK_OVERDUE:
        return this.task(manager, organizationId, subjectId);
      case AutomationTrigger.CALL_SCORED:
        return this.callScore(manager, organizationId, subjectId);
      case AutomationTrigger.FLEET_ALERT:
        return this.fleetAlert(manager, organizationId, subjectId);
      case AutomationTrigger.CALENDAR_EVENT_STARTING:
        throw new Error('calendar events are loaded with calendarEvent');
    }
  }

  async task(
    manager: EntityManager,
    organizationId: string,
    taskId: string,
  ): Promise<AutomationEventData | null> {
    const [row] = await manager.query<Array<Record<string, string | null>>>(
      `SELECT t.id, t.title, t.description, t.status, t.priority, t.source, t.due_at,
              team.id AS team_id, team.name AS team_name,
              assignee.id AS assignee_id, assignee.name AS assignee_name,
              creator.name AS creator_name
         FROM task t
         LEFT JOIN team ON team.id = t.team_id AND team.organization_id = t.organization_id
         LEFT JOIN app_user assignee ON assignee.id = t.assignee_id
         LEFT JOIN app_user creator ON creator.id = t.creator_id
        WHERE t.organization_id = $1 AND t.id = $2 AND t.deleted_at IS NULL`,
      [organizationId, taskId],
    );
    if (!row) return null;
    return compactObject({
      task: {
        id: row.id,
        title: row.title,
        description: row.description ?? '',
        status: row.status,
        priority: row.priority,
        source: row.source,
        dueAt: iso(row.due_at),
        team: { id: row.team_id, name: row.team_name },
        assignee: { id: row.assignee_id, name: row.assignee_name },
        creator: { name: row.creator_name },
      },
    });
  }

  async callScore(
    manager: EntityManager,
    organizationId: string,
    scoreId: string,
  ): Promise<AutomationEventData | null> {
    const [row] = await manager.query<Array<Record<string, unknown>>>(
      `SELECT c.id, c.direction, c.duration_sec, agent.id AS agent_id, agent.name AS agent_name,
              campaign.id AS campaign_id, campaign.name AS campaign_name,
              s.overall, s.criteria
         FROM call_score s
         JOIN call c ON c.id = s.call_id AND c.organization_id = s.organization_id
         LEFT JOIN app_user agent ON agent.id = c.agent_id
         LEFT JOIN campaign ON campaign.id = c.campaign_id
                           AND campaign.organization_id = c.organization_id
        WHERE s.organization_id = $1 AND s.id = $2`,
      [organizationId, scoreId],
    );
    if (!row) return null;
    const criteria: Record<string, { passed: boolean; score: number }> = {};
    for (const criterion of (row.criteria as Array<{
      key: string;
      passed: boolean;
      score: number;
    }>) ?? []) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(criterion.key)) continue;
      criteria[criterion.key] = {
        passed: Boolean(criterion.passed),
        score: Math.round(Number(criterion.score) * 1000) / 10,
      };
    }
    return compactObject({
      call: {
        id: row.id,
        direction: row.direction,
        durationSec: row.duration_sec,
        agent: { id: row.agent_id, name: row.agent_name },
        campaign: { id: row.campaign_id, name: row.campaign_name },
      },
      score: { overall: Number(row.overall), criteria },
    });
  }

  async fleetAlert(
    manager: EntityManager,
    organizationId: string,
    alertId: string,
  ): Promise<AutomationEventData | null> {
    const [row] = await manager.query<Array<Record<string, string | null>>>(
      `SELECT a.id, a.kind, a.severity, a.message, v.id AS vehicle_id, v.name AS vehicle_name,
              g.name AS geofence_name
         FROM fleet_alert a
         JOIN vehicle v ON v.id = a.vehicle_id AND v.organization_id = a.organization_id
         LEFT JOIN geofence g ON g.id = a.geofence_id AND g.organization_id = a.organization_id
        WHERE a.organization_id = $1 AND a.id = $2`,
      [organizationId, alertId],
    );
    if (!row) return null;
    return compactObject({
      alert: { id: row.id, kind: row.kind, severity: row.severity, message: row.message },
      vehicle: { id: row.vehicle_id, name: row.vehicle_name },
      geofence: { name: row.geofence_name },
    });
  }

  /** One occurrence's data, with the automation's lead time. */
  async calendarEvent(
    manager: EntityManager,
    occurrence: CalendarOccurrence,
    minutesBefore: number,
  ): Promise<AutomationEventData> {
    const [organizer] = occurrence.organizerId
      ? await manager.query<Array<{ name: string }>>(`SELECT name FROM app_user WHERE id = $1`, [
          occurrence.organizerId,
        ])
      : [];
    return compactObject({
      event: {
        id: occurrence.eventId,
        title: occurrence.title,
        location: occurrence.location ?? '',
        startsAt: occurrence.startsAt.toISOString(),
        endsAt: occurrence.endsAt.toISOString(),
        organizer: { name: organizer?.name ?? null },
      },
      minutesBefore,
    });
  }
}
