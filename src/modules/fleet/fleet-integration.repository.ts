import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SyncStatus } from '@/common/enums/sync-status';
import { NamedStatement, NamedStatements } from '@/database/named-statement';
import { FleetIntegration } from './fleet-integration.entity';

/**
 * Claims a fetched page and maps its vehicles (see claimPage): advances the
 * cursor if it is still the one the page was fetched from.
 */
const CLAIM_PAGE: NamedStatement = {
  name: 'fleet.samsara.claim-page',
  text: `WITH claimed AS (
      UPDATE fleet_integration
         SET cursor = $4, last_polled_at = $5, status = $6, last_error = NULL,
             failures = 0, paused_until = NULL, updated_at = now()
       WHERE id = $2 AND organization_id = $1 AND cursor IS NOT DISTINCT FROM $3::text
         AND status <> $7
       RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM claimed) AS claimed,
           (SELECT json_object_agg(external_id, id) FROM vehicle
             WHERE organization_id = $1 AND external_id = ANY($8::text[])) AS vehicles`,
};

/** The result of claimPage. */
export interface PageClaim {
  claimed: boolean;
  /** External (feed) vehicle id → ours, for the known ones; null: none known. */
  vehicles: Record<string, string> | null;
}

/** The SQL of fleet integrations (the Samsara connection and its feed cursor). */
@Injectable()
export class FleetIntegrationRepository {
  constructor(private readonly statements: NamedStatements) {}

  /** Creates the organization's integration with `provider` (no token yet) unless it exists. */
  async insertIfMissing(
    manager: EntityManager,
    organizationId: string,
    provider: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO fleet_integration (id, organization_id, provider, token_sealed)
         VALUES ($1, $2, $3, '') ON CONFLICT DO NOTHING`,
      [randomUUID(), organizationId, provider],
    );
  }

  /** The organization's integration with `provider`, locked until the transaction ends. */
  async lockByProvider(
    manager: EntityManager,
    organizationId: string,
    provider: string,
  ): Promise<FleetIntegration | undefined> {
    const [integration] = await manager.find(FleetIntegration, {
      where: { organizationId, provider },
      lock: { mode: 'pessimistic_write' },
    });
    return integration;
  }

  /** Organizations (all of them) with a `provider` integration not in ERROR. */
  connectedOrganizations(
    manager: EntityManager,
    provider: string,
  ): Promise<Array<{ organization_id: string }>> {
    return manager.query(
      `SELECT organization_id FROM fleet_integration WHERE provider = $1 AND status <> $2`,
      [provider, SyncStatus.ERROR],
    );
  }

  /**
   * One statement, in the transaction of `manager`: locks the integration
   * and, if its cursor is still `fetchedFrom` (and it is not in ERROR),
   * advances it to `nextCursor` and marks it OK; with that, maps the feed's
   * vehicle ids to the organization's.
   */
  async claimPage(
    manager: EntityManager,
    organizationId: string,
    integrationId: string,
    fetchedFrom: string | null,
    nextCursor: string | null,
    externalIds: readonly string[],
  ): Promise<PageClaim> {
    const [claim] = await this.statements.run<PageClaim>(manager, CLAIM_PAGE, [
      organizationId,
      integrationId,
      fetchedFrom,
      nextCursor,
      new Date(),
      SyncStatus.OK,
      SyncStatus.ERROR,
      externalIds,
    ]);
    return claim;
  }

  /** Changes one of the organization's integrations. */
  async update(
    manager: EntityManager,
    organizationId: string,
    id: string,
    changes: Partial<FleetIntegration>,
  ): Promise<void> {
    await manager.update(FleetIntegration, { id, organizationId }, changes);
  }
}
