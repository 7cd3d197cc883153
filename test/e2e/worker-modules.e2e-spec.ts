import { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { join, sep } from 'node:path';
import { CalendarSyncProcessor } from '@/modules/calendar/jobs/calendar-sync.processor';
import { CalendarQueriesService } from '@/modules/calendar/calendar-queries.service';
import { CallScoringProcessor } from '@/modules/calls/jobs/call-scoring.processor';
import { CallEvents } from '@/modules/calls/calls/call-events';
import { FleetAlertsService } from '@/modules/fleet/fleet-alerts.service';
import { FleetNotificationsProcessor } from '@/modules/fleet/jobs/fleet-notifications.processor';
import { FleetPollingProcessor } from '@/modules/fleet/jobs/fleet-polling.processor';
import { MaintenanceProcessor } from '@/messaging/jobs/maintenance.processor';
import { startApi, startWorker, TestApp } from '../utils/test-app';

/** Every distinct instance of each class provider in the application, by class. */
function instancesByClass(app: INestApplicationContext): Map<unknown, Set<unknown>> {
  const found = new Map<unknown, Set<unknown>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      if (!wrapper.metatype || !wrapper.instance || wrapper.isAlias) continue;
      if (wrapper.metatype !== wrapper.instance.constructor) continue; // factories, values
      const set = found.get(wrapper.metatype) ?? new Set<unknown>();
      set.add(wrapper.instance);
      found.set(wrapper.metatype, set);
    }
  }
  return found;
}

describe('worker modules', () => {
  describe('concurrency', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      worker = await startWorker({
        env: {
          WORKER_CONCURRENCY: '7',
          WORKER_CONCURRENCY_NOTIFICATIONS: '6',
          WORKER_CONCURRENCY_FLEET_POLLING: undefined,
          WORKER_CONCURRENCY_CALENDAR_SYNC: '2',
          CALL_SCORING_CONCURRENCY: '3',
        },
      });
    });
    afterAll(async () => {
      await worker.close();
    });

    it('gives every BullMQ worker its queue’s configured concurrency', () => {
      const concurrency = (
        type: abstract new (...args: never[]) => { worker: { concurrency: number } },
      ) => worker.get(type).worker.concurrency;
      expect({
        'fleet-polling': concurrency(FleetPollingProcessor),
        notifications: concurrency(FleetNotificationsProcessor),
        'calendar-sync': concurrency(CalendarSyncProcessor),
        'call-scoring': concurrency(CallScoringProcessor),
        maintenance: concurrency(MaintenanceProcessor),
      }).toEqual({
        'fleet-polling': 7, // WORKER_CONCURRENCY
        notifications: 6, // its own setting
        'calendar-sync': 2,
        'call-scoring': 3,
        maintenance: 1, // fixed
      });
    });
  });

  describe('api and worker in one process (npm start)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startApi({ withWorker: true });
    });
    afterAll(async () => {
      await app.close();
    });

    it('holds one instance of each service that the api and jobs modules share', () => {
      const instances = instancesByClass(app.app);
      for (const shared of [FleetAlertsService, CalendarQueriesService, CallEvents]) {
        expect({ name: shared.name, count: instances.get(shared)?.size }).toEqual({
          name: shared.name,
          count: 1,
        });
      }
    });

    it('makes no second instance of any of our classes', () => {
      const source = join(__dirname, '..', '..', 'src') + sep;
      const ours = new Set(
        Object.values(require.cache)
          .filter((loaded) => loaded?.filename.startsWith(source))
          .flatMap((loaded) => Object.values(loaded!.exports as Record<string, unknown>)),
      );
      expect(ours.has(FleetAlertsService)).toBe(true);
      const twice = [...instancesByClass(app.app)]
        .filter(([type, set]) => ours.has(type) && set.size > 1)
        .map(([type]) => (type as { name: string }).name);
      expect(twice).toEqual([]);
    });
  });
});
