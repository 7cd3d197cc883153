import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Viewer } from '@/access/viewer';
import { TenantScope } from '@/database/tenant-scope';
import { ConnectionResult, paginate } from '@/graphql/pagination';
import { AgentRun } from './agent-run.entity';
import { AgentRunsArgs } from './dto/agent-runs.args';

export type NewAgentRun = Omit<AgentRun, 'id' | 'createdAt' | 'updatedAt' | 'organizationId'>;

/** The SQL of AgentRun records. */
@Injectable()
export class AgentRunRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantScope,
  ) {}

  /**
   * One INSERT … RETURNING: `save` would wrap the single statement in
   * START TRANSACTION / COMMIT, two more round trips on every turn. The row
   * is built by the tenant repository, so its organization is the viewer's.
   */
  async insert(viewer: Viewer, run: NewAgentRun): Promise<AgentRun> {
    const row = this.tenants.for(viewer).repository(AgentRun).create(run);
    return this.dataSource.manager.save(AgentRun, row, { transaction: false });
  }

  /** One run, when `actorUserId` is null (all runs visible) or it is that user's. */
  async find(viewer: Viewer, id: string, actorUserId: string | null): Promise<AgentRun | null> {
    const runs = this.tenants.for(viewer).repository(AgentRun);
    return runs.findOneBy(actorUserId ? { id, actorUserId } : { id });
  }

  /** Newest first; `actorUserId` null lists the whole organization's runs. */
  list(
    viewer: Viewer,
    actor: { userId: string | null; apiKeyId: string | null } | null,
    args: AgentRunsArgs,
  ): Promise<ConnectionResult<AgentRun>> {
    const query = this.tenants.for(viewer).repository(AgentRun).createQueryBuilder('run');
    if (actor) {
      if (actor.userId) query.andWhere('run.actorUserId = :userId', { userId: actor.userId });
      else query.andWhere('run.actorApiKeyId = :apiKeyId', { apiKeyId: actor.apiKeyId });
    }
    if (args.channel) query.andWhere('run.channel = :channel', { channel: args.channel });
    return paginate(query, args, {
      queryKey: 'agentRuns',
      orderBy: [
        { column: 'run.createdAt', direction: 'DESC' },
        { column: 'run.id', direction: 'DESC' },
      ],
    });
  }

  /** Deletes up to `batch` runs older than `retentionDays`. */
  async deleteOlderThan(retentionDays: number, batch: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM agent_run WHERE id IN (
         SELECT id FROM agent_run WHERE created_at < now() - make_interval(days => $1) LIMIT $2)`,
      [retentionDays, batch],
    );
    return result[1];
  }
}
