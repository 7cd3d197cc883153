import { Injectable } from '@nestjs/common';
import { MaintenanceJob, MaintenanceJobProcessor } from '@/messaging/maintenance-job';
import { AgentRunsService } from './agent-runs.service';

const HOURLY = 3600_000;

/**
 * `maintenance`/`prune-assistant-records`: AgentRuns past AGENT_RUN_RETENTION_DAYS,
 * conversations idle past their TTL, and spent confirmations.
 */
@Injectable()
@MaintenanceJob({ name: 'prune-assistant-records', everyMs: HOURLY })
export class AssistantPruneProcessor implements MaintenanceJobProcessor {
  constructor(private readonly runs: AgentRunsService) {}

  process(): Promise<{ runs: number; conversations: number; confirmations: number }> {
    return this.runs.prune();
  }
}
