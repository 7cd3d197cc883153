import { DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { createValidationPipe } from '@/common/validation/validation.pipe';
import { CoreModule } from './core.module';
import { GraphqlModule } from '@/graphql/graphql.module';
import { IdentityModule } from '@/modules/identity/identity.module';
import { SystemModule } from '@/modules/system/system.module';
import { TasksModule } from '@/modules/tasks/tasks.module';
import { FleetApiModule } from '@/modules/fleet/fleet-api.module';
import { CallsApiModule } from '@/modules/calls/calls-api.module';
import { CalendarApiModule } from '@/modules/calendar/calendar-api.module';
import { OperationsModule } from '@/modules/operations/operations.module';
import { QueueDashboardModule } from '@/modules/operations/queue-dashboard.module';
import { AssistantApiModule } from '@/modules/assistant/assistant-api.module';
import { AssistantMcpModule } from '@/modules/assistant/mcp/assistant-mcp.module';
import { VoiceApiModule } from '@/modules/phone/voice/voice-api.module';
import { SmsApiModule } from '@/modules/phone/sms/sms-api.module';
import { AutomationsApiModule } from '@/modules/automations/automations-api.module';
import { AutomationWebhooksApiModule } from '@/modules/automations/automation-webhooks-api.module';
import { AutomationRunsApiModule } from '@/modules/automations/automation-runs-api.module';
import { ProcessorsModule } from './worker.module';

export interface AppModuleOptions {
  /** Also run the queue processors in this process (`npm start`). */
  withWorker?: boolean;
}

/** The api process: GraphQL (HTTP and graphql-ws), webhooks, health and metrics. */
@Module({})
export class AppModule {
  static register(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule,
        GraphqlModule,
        OperationsModule,
        QueueDashboardModule,
        IdentityModule,
        SystemModule,
        TasksModule,
        FleetApiModule,
        CallsApiModule,
        CalendarApiModule,
        AssistantApiModule,
        AssistantMcpModule,
        VoiceApiModule,
        SmsApiModule,
        AutomationsApiModule,
        AutomationWebhooksApiModule,
        AutomationRunsApiModule,
        ...(options.withWorker ? [ProcessorsModule] : []),
      ],
      providers: [{ provide: APP_PIPE, useFactory: createValidationPipe }],
    };
  }
}
