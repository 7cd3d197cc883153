import { AutomationRun } from './automation-run.entity';
import { Automation } from './automation.entity';

/** The automations module's tables, for src/entities.ts. */
export const AUTOMATION_ENTITIES = [Automation, AutomationRun];
