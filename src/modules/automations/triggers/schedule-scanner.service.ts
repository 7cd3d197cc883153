import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarQueriesService } from '@/modules/calendar/calendar-queries.service';
import { AutomationDispatchService, StartOutcome } from '../automation-dispatch.service';
import { Automation } from '../automation.entity';
import { AutomationTrigger } from '../automation.enums';
import { EventDataLoader } from './event-data.loader';

/**
 * How far back a scan still fires an event whose time has passed (a worker
 * down, a scan late): within this of its time an event fires once; later,
 * not at all. Firing is at most one scan interval late otherwise.
 */
export const SCHEDULE_LOOKBACK_MS = 10 * 60_000;

/** Default lead time of CALENDAR_EVENT_STARTING when an automation has none. */
const DEFAULT_MINUTES_BEFORE = 15;

/**
 * Time-based triggers, run by the `scan-schedules` job every
 * AUTOMATION_SCHEDULE_INTERVAL_MS:
 *
 * - TASK_OVERDUE: a task not DONE or CANCELLED whose due date has passed
 *   (within the lookback, and not before the automation existed). The event
 *   key is the task and its due date (`task:<id>:<dueAt>`), so it fires once
 *   per task and due date; completing the task first cancels it, and a new
 *   due date makes a new event at the new time.
 * - CALENDAR_EVENT_STARTING: each occurrence (recurring series expanded,
 *   moved and cancelled instances honoured) whose start minus the
 *   automation's `triggerOptions.minutesBefore` has passed; the key is the
 *   series and the occurrence's start (`event:<id>:<startsAt>`), once each.
 *
 * Runs start through AutomationDispatchService (same guards, unique per
 * automation and key), so overlapping scans and several workers fire once.
 */
@Injectable()
export class ScheduleScanner {
  private readonly logger = new Logger(ScheduleScanner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispatch: AutomationDispatchService,
    private readonly loader: EventDataLoader,
    private readonly calendar: CalendarQueriesService,
  ) {}

  async scan(now = new Date()): Promise<{ overdue: number; starting: number }> {
    return {
      overdue: await this.scanOverdue(now),
      starting: await this.scanStarting(now),
    };
  }

  private async automations(trigger: AutomationTrigger): Promise<Automation[]> {
    return this.dataSource
      .getRepository(Automation)
      .createQueryBuilder('a')
      .where('a.trigger = :trigger AND a.enabled', { trigger })
      .orderBy('a.organizationId')
      .addOrderBy('a.createdAt')
      .getMany();
  }

  private async scanOverdue(now: Date): Promise<number> {
    const automations = await this.automations(AutomationTrigger.TASK_OVERDUE);
    let queued = 0;
    for (const automation of automations) {
      const due = await this.dataSource.query<Array<{ id: string; due_at: Date }>>(
        `SELECT t.id, t.due_at FROM task t
          WHERE t.organization_id = $1 AND t.deleted_at IS NULL
            AND t.status NOT IN ('DONE', 'CANCELLED')
            AND t.due_at <= $2 AND t.due_at > $3 AND t.due_at >= $4
            AND NOT EXISTS (SELECT 1 FROM automation_run r
                             WHERE r.automation_id = $5
                               AND r.event_key = 'task:' || t.id || ':' || to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          ORDER BY t.due_at LIMIT 500`,
        [
          automation.organizationId,
          now,
          new Date(now.getTime() - SCHEDULE_LOOKBACK_MS),
          automation.createdAt,
          automation.id,
        ],
      );
      for (const task of due) {
        const data = await this.loader.task(
          this.dataSource.manager,
          automation.organizationId,
          task.id,
        );
        if (!data) continue;
        const outcome = await this.dispatch.start(automation, {
          organizationId: automation.organizationId,
          trigger: AutomationTrigger.TASK_OVERDUE,
          eventKey: `task:${task.id}:${new Date(task.due_at).toISOString()}`,
          data,
          origin: null,
        });
        if (counts(outcome)) queued += 1;
      }
    }
    return queued;
  }

  private async scanStarting(now: Date): Promise<number> {
    const automations = await this.automations(AutomationTrigger.CALENDAR_EVENT_STARTING);
    const byOrganization = new Map<string, Automation[]>();
    for (const automation of automations) {
      const list = byOrganization.get(automation.organizationId) ?? [];
      list.push(automation);
      byOrganization.set(automation.organizationId, list);
    }
    let started = 0;
    for (const [organizationId, list] of byOrganization) {
      const lead = (automation: Automation): number => {
        const value = Number(automation.triggerOptions?.minutesBefore);
        return Number.isFinite(value) && value >= 0 ? value : DEFAULT_MINUTES_BEFORE;
      };
      const longest = Math.max(...list.map(lead));
      const occurrences = await this.calendar.occurrences(
        organizationId,
        new Date(now.getTime() - SCHEDULE_LOOKBACK_MS),
        new Date(now.getTime() + longest * 60_000 + 60_000),
        null,
      );
      for (const automation of list) {
        const minutesBefore = lead(automation);
        for (const occurrence of occurrences) {
          const fireAt = occurrence.startsAt.getTime() - minutesBefore * 60_000;
          if (fireAt > now.getTime() || fireAt <= now.getTime() - SCHEDULE_LOOKBACK_MS) continue;
          if (fireAt < automation.createdAt.getTime()) continue;
          const event = occurrence.event;
          const seriesId = event.recurringEventId ?? event.id;
          const data = await this.loader.calendarEvent(
            this.dataSource.manager,
            {
              eventId: seriesId,
              title: event.title,
              location: event.location,
              organizerId: event.organizerId,
              startsAt: occurrence.startsAt,
              endsAt: occurrence.endsAt,
            },
            minutesBefore,
          );
          const outcome = await this.dispatch.start(automation, {
            organizationId,
            trigger: AutomationTrigger.CALENDAR_EVENT_STARTING,
            eventKey: `event:${seriesId}:${occurrence.startsAt.toISOString()}`,
            data,
            origin: null,
          });
          if (counts(outcome)) started += 1;
        }
      }
    }
    if (started > 0) this.logger.log(`started ${started} CALENDAR_EVENT_STARTING run(s)`);
    return started;
  }
}

const counts = (outcome: StartOutcome): boolean => outcome === 'queued' || outcome === 'skipped';
