import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The SQL of scoring jobs that TenantScope's repositories do not cover. */
@Injectable()
export class ScoringJobRepository {
  /**
   * Whether the job's queue message is still waiting in the outbox (written,
   * not yet published by the relay). False when it was published, and when
   * there is no such outbox row.
   */
  async messageAwaitsRelay(messageId: string, manager: EntityManager): Promise<boolean> {
    const [row] = await manager.query<Array<{ published: boolean }>>(
      'SELECT published_at IS NOT NULL AS published FROM outbox_event WHERE id = $1',
      [messageId],
    );
    return !!row && !row.published;
  }
}
