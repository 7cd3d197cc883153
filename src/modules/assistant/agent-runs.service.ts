import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { atLeast, Role } from '@/access/role';
import type { Viewer } from '@/access/viewer';
import { isUuid } from '@/database/query-guards';
import { assistantConfig } from '@/config/configuration';
import { ConnectionResult } from '@/graphql/pagination';
import { AgentRun } from './agent-run.entity';
import { AgentRunRepository, NewAgentRun } from './agent-run.repository';
import { ConversationRepository } from './conversation.repository';
import { ConfirmationService } from './confirmation.service';
import { AgentRunsArgs } from './dto/agent-runs.args';

const PRUNE_BATCH = 5000;

/**
 * The record of every assistant turn. A member reads their own runs; ADMIN
 * and above read the organization's. Also prunes runs, idle conversations
 * and spent confirmations.
 */
@Injectable()
export class AgentRunsService {
  constructor(
    private readonly runs: AgentRunRepository,
    private readonly conversations: ConversationRepository,
    private readonly confirmations: ConfirmationService,
    @Inject(assistantConfig.KEY) private readonly config: ConfigType<typeof assistantConfig>,
  ) {}

  record(viewer: Viewer, run: NewAgentRun): Promise<AgentRun> {
    return this.runs.insert(viewer, run);
  }

  list(viewer: Viewer, args: AgentRunsArgs): Promise<ConnectionResult<AgentRun>> {
    return this.runs.list(viewer, this.seesAll(viewer) ? null : viewer, args);
  }

  async get(viewer: Viewer, id: string): Promise<AgentRun | null> {
    if (!isUuid(id)) return null;
    const run = await this.runs.find(viewer, id, null);
    if (!run || this.seesAll(viewer)) return run;
    const own = viewer.userId
      ? run.actorUserId === viewer.userId
      : run.actorApiKeyId === viewer.apiKeyId;
    return own ? run : null;
  }

  async prune(): Promise<{ runs: number; conversations: number; confirmations: number }> {
    const drain = async (step: () => Promise<number>): Promise<number> => {
      let total = 0;
      for (;;) {
        const count = await step();
        total += count;
        if (count < PRUNE_BATCH) return total;
      }
    };
    return {
      runs: await drain(() => this.runs.deleteOlderThan(this.config.runRetentionDays, PRUNE_BATCH)),
      conversations: await drain(() =>
        this.conversations.deleteIdle(this.config.conversationTtlMinutes, PRUNE_BATCH),
      ),
      confirmations: await drain(() => this.confirmations.prune(PRUNE_BATCH)),
    };
  }

  private seesAll(viewer: Viewer): boolean {
    return atLeast(viewer.role, Role.ADMIN);
  }
}
