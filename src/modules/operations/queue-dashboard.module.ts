import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardInstance, BullBoardModule, InjectBullBoard } from '@bull-board/nestjs';
import { appConfig } from '@/config/configuration';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { operatorAuth } from './operator-auth';

/** Where the operators' queue dashboard is served. */
export const QUEUE_DASHBOARD_ROUTE = '/admin/queues';

/** Adds every queue Switchboard runs to the dashboard, whichever backend carries them. */
@Injectable()
export class QueueDashboardQueues implements OnModuleInit {
  constructor(
    @InjectBullBoard() private readonly board: BullBoardInstance,
    private readonly queues: QueueRegistry,
  ) {}

  onModuleInit(): void {
    for (const queue of this.queues.all()) {
      this.board.addQueue(
        new BullMQAdapter(queue, { description: `Switchboard queue ${queue.name}` }),
      );
    }
  }
}

/**
 * bull-board over every queue at /admin/queues, for operators only: off
 * (404) unless OPERATOR_USERNAME/OPERATOR_PASSWORD or OPERATOR_TOKEN is set,
 * never open to tenant users (it shows every organization's jobs; job
 * payloads carry ids only, see job-payloads.ts).
 */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => ({
        route: QUEUE_DASHBOARD_ROUTE,
        adapter: ExpressAdapter,
        middleware: operatorAuth(app.operators),
        boardOptions: { uiConfig: { boardTitle: 'Switchboard queues' } },
      }),
    }),
  ],
  providers: [QueueDashboardQueues],
})
export class QueueDashboardModule {}
