import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInteger } from './transforms';

/** Automations' CALL_WEBHOOK action: how its per-automation signing secrets rotate. */
export class AutomationWebhookVariables {
  /**
   * Hours the previous `whsec_` secret of an automation keeps signing (next
   * to the new one) after `rotateAutomationWebhookSecret`; 0 ends it at once.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(720)
  AUTOMATION_WEBHOOK_SECRET_OVERLAP_HOURS = 24;
}
