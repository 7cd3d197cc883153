import { AutomationRun } from './automation-run.entity';
import { AutomationWebhookSecret } from './automation-webhook-secret.entity';
import { Automation } from './automation.entity';

/** The automations module's tables, for src/entities.ts. */
export const AUTOMATION_ENTITIES = [Automation, AutomationRun, AutomationWebhookSecret];
