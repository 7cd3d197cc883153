import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { AutomationWebhookSecretPayload } from './automation-webhook-secret.type';
import { AutomationWebhookSecretsService } from './automation-webhook-secrets.service';

@Resolver(() => AutomationWebhookSecretPayload)
export class AutomationWebhooksResolver {
  constructor(private readonly secrets: AutomationWebhookSecretsService) {}

  @Mutation(() => AutomationWebhookSecretPayload, {
    description:
      "A new signing secret for the automation's CALL_WEBHOOK requests (Standard Webhooks), returned this once. The first call creates it; a later one keeps the previous secret signing too until previousValidUntil (AUTOMATION_WEBHOOK_SECRET_OVERLAP_HOURS). NOT_FOUND for another organization's automation.",
  })
  @RequirePermission('automations:manage')
  rotateAutomationWebhookSecret(
    @CurrentViewer() viewer: Viewer,
    @Args('automationId', { type: () => ID }) automationId: string,
  ): Promise<AutomationWebhookSecretPayload> {
    return this.secrets.rotate(viewer, automationId);
  }
}
