import { Module } from '@nestjs/common';
import { AutomationActionsModule } from './automation-actions.module';
import { AutomationWebhooksResolver } from './webhooks/automation-webhooks.resolver';

/** The GraphQL side of automation webhooks: `rotateAutomationWebhookSecret`. */
@Module({
  imports: [AutomationActionsModule],
  providers: [AutomationWebhooksResolver],
})
export class AutomationWebhooksApiModule {}
