import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { FleetModule } from '@/modules/fleet/fleet.module';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { PhoneMessagingModule } from '@/modules/phone/messaging/phone-messaging.module';
import { UsersModule } from '@/modules/users/users.module';
import { ACTION_EXECUTORS, ActionExecutor } from './action-executor';
import { ActionRegistry } from './action-registry';
import { TasksModule } from '@/modules/tasks/tasks.module';
import { CreateTaskAction } from './actions/create-task.action';
import { SlackAction } from './actions/slack.action';
import { SmsAction } from './actions/sms.action';
import { WebhookAction } from './actions/webhook.action';
import { AutomationWebhookSecretsService } from './webhooks/automation-webhook-secrets.service';

/**
 * The action executors (actions/*.action.ts) and their registry. Each
 * executor class is listed in `providers` and in the factory's `inject`.
 * OutboundGuard (OutboundModule) and SecretBox (CryptoModule) come from
 * global modules; the modules imported here are imported as they are by
 * their own api and jobs modules, so `npm start` keeps one instance of each
 * provider. The webhook signing secrets' service lives here too (the
 * CALL_WEBHOOK executor signs with it; automation-webhooks-api.module.ts
 * rotates them).
 */
const EXECUTORS: Array<new (...args: never[]) => ActionExecutor> = [
  CreateTaskAction,
  SlackAction,
  SmsAction,
  WebhookAction,
];

@Module({
  imports: [
    AuditModule,
    FleetModule,
    OrganizationsModule,
    PhoneMessagingModule,
    TasksModule,
    UsersModule,
  ],
  providers: [
    ...EXECUTORS,
    {
      provide: ACTION_EXECUTORS,
      useFactory: (...executors: ActionExecutor[]) => executors,
      inject: EXECUTORS,
    },
    ActionRegistry,
    AutomationWebhookSecretsService,
  ],
  exports: [ActionRegistry, AutomationWebhookSecretsService],
})
export class AutomationActionsModule {}
