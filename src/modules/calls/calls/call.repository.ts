import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantScope } from '@/database/tenant-scope';
import {
  aliasColumns,
  ConnectionResult,
  FieldSelection,
  filterKey,
  paginate,
} from '@/graphql/pagination';
import { CallScore } from '../scoring/call-score.entity';
import { Call } from './call.entity';
import { CallsArgs } from './dto/call-filter.input';

/** A call waiting on a transcript job, as TranscriptReconciler reads it. */
export interface WaitingTranscript {
  id: string;
  organizationId: string;
  messageId: string | null;
  changedAt: Date;
}

/** When a call happened, for filters and reports: its start, else when we learned of it. */
export const CALL_TIME = 'COALESCE(call.started_at, call.created_at)';

/**
 * The SQL of calls. Every method but `organizationOfTwilioSid` and
 * `organizationOfTranscriptSid` (which find the tenant of a provider callback) is scoped to the organization it is
 * given; pass the transaction's manager when called inside one.
 */
@Injectable()
export class CallRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantScope,
  ) {}

  /**
   * Newest first. Score bounds look at each call's latest score. With the
   * query's `selection` it reads only the columns the page shows: a call
   * board's page does not fetch (and parse) every call's transcript.
   */
  list(
    organizationId: string,
    args: CallsArgs,
    selection?: FieldSelection,
  ): Promise<ConnectionResult<Call>> {
    const filter = args.filter ?? {};
    const qb = this.tenants.for({ organizationId }).repository(Call).createQueryBuilder('call');
    qb.select(aliasColumns('call', selection?.properties(qb.expressionMap.mainAlias!.metadata)));
    if (filter.campaignId)
      qb.andWhere('call.campaignId = :campaignId', { campaignId: filter.campaignId });
    if (filter.agentId) qb.andWhere('call.agentId = :agentId', { agentId: filter.agentId });
    if (filter.status?.length)
      qb.andWhere('call.status IN (:...statuses)', { statuses: filter.status });
    if (filter.scoreStatus?.length) {
      qb.andWhere('call.scoreStatus IN (:...scoreStatuses)', { scoreStatuses: filter.scoreStatus });
    }
    if (filter.from) qb.andWhere(`${CALL_TIME} >= :from`, { from: filter.from });
    if (filter.to) qb.andWhere(`${CALL_TIME} < :to`, { to: filter.to });
    if ((filter.minScore ?? null) !== null || (filter.maxScore ?? null) !== null) {
      qb.innerJoin(
        CallScore,
        'score',
        'score.id = call.scoreId AND score.organizationId = call.organizationId',
      );
      if ((filter.minScore ?? null) !== null)
        qb.andWhere('score.overall >= :minScore', { minScore: filter.minScore });
      if ((filter.maxScore ?? null) !== null)
        qb.andWhere('score.overall <= :maxScore', { maxScore: filter.maxScore });
    }
    return paginate(qb, args, {
      queryKey: `calls:${filterKey(args.filter)}`,
      orderBy: [{ column: 'call.createdAt', direction: 'DESC' }],
    });
  }

  /** The organization's call with this Twilio CallSid, locked for update (FOR UPDATE). */
  lockByTwilioSid(
    organizationId: string,
    sid: string,
    manager: EntityManager,
  ): Promise<Call | null> {
    return this.tenants
      .for({ organizationId }, manager)
      .repository(Call)
      .createQueryBuilder('call')
      .andWhere('call.twilioCallSid = :sid', { sid })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** The organization's call `id`, locked for update (FOR UPDATE); null when it has none. */
  lockById(organizationId: string, id: string, manager: EntityManager): Promise<Call | null> {
    return this.tenants
      .for({ organizationId }, manager)
      .repository(Call)
      .createQueryBuilder('call')
      .andWhere('call.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Deletes the organization's call `id` (its scores and scoring jobs cascade); true when it was there. */
  async delete(organizationId: string, id: string, manager: EntityManager): Promise<boolean> {
    const [, deleted]: [unknown[], number] = await manager.query(
      'DELETE FROM call WHERE organization_id = $1 AND id = $2',
      [organizationId, id],
    );
    return deleted > 0;
  }

  /**
   * Calls of every organization waiting on a transcript job (PENDING or
   * REQUESTED) unchanged for `graceMs`, whose message the relay already
   * published (or that has none): TranscriptReconciler asks the queue
   * whether it still holds it. Keyset-paged by (transcript_changed_at, id).
   */
  waitingOnTranscriptQueue(
    graceMs: number,
    limit: number,
    after?: { changedAt: Date; id: string },
  ): Promise<WaitingTranscript[]> {
    return this.dataSource.query<WaitingTranscript[]>(
      `SELECT c.id, c.organization_id AS "organizationId", c.transcript_message_id AS "messageId",
              COALESCE(c.transcript_changed_at, c.updated_at) AS "changedAt"
         FROM call c
         LEFT JOIN outbox_event o ON o.id = c.transcript_message_id
        WHERE c.transcript_status IN ('PENDING', 'REQUESTED')
          AND COALESCE(c.transcript_changed_at, c.updated_at) < now() - make_interval(secs => $1::float8 / 1000)
          AND (o.id IS NULL OR o.published_at IS NOT NULL)
          AND ($3::timestamptz IS NULL
               OR (COALESCE(c.transcript_changed_at, c.updated_at), c.id) > ($3, $4::uuid))
        ORDER BY COALESCE(c.transcript_changed_at, c.updated_at), c.id
        LIMIT $2`,
      [graceMs, limit, after?.changedAt ?? null, after?.id ?? null],
    );
  }

  /**
   * Which organization has the call whose transcript is Twilio's Transcript
   * `transcriptSid`, across all organizations (the Intelligence webhook
   * carries no tenant).
   */
  async organizationOfTranscriptSid(
    transcriptSid: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    const [row] = await manager.query<Array<{ organization_id: string }>>(
      'SELECT organization_id FROM call WHERE transcript_sid = $1',
      [transcriptSid],
    );
    return row ? row.organization_id : null;
  }

  /**
   * Which organization has the call with this Twilio CallSid, across all
   * organizations: a provider callback carries no tenant, this finds it.
   */
  async organizationOfTwilioSid(
    sid: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    const [row] = await manager.query<Array<{ organization_id: string }>>(
      'SELECT organization_id FROM call WHERE twilio_call_sid = $1',
      [sid],
    );
    return row ? row.organization_id : null;
  }
}
