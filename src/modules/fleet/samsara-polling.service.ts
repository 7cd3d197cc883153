import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { SecretBox } from '@/common/crypto/secret-box';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { samsaraConfig } from '@/config/configuration';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import { DesiredSchedule } from '@/messaging/schedules/schedule-source';
import { AuditService } from '@/modules/audit/audit.service';
import { FleetIntegration } from './fleet-integration.entity';
import { FleetIntegrationRepository } from './fleet-integration.repository';
import { SyncStatus } from '@/common/enums/sync-status';
import { isCoordinate } from './geometry';
import { PositionBatch } from './position-batch';
import { PositionIngestService } from './position-ingest.service';
import { mphToKph, SamsaraApi, SamsaraCallError, SamsaraFeedPage } from './samsara.client';
import { VehicleRepository } from './vehicle.repository';

export const SAMSARA = 'samsara';
/** Pages read per run at most; the rest waits for the next run. */
const MAX_PAGES_PER_RUN = 50;
/** A Retry-After this short is waited out within the run. */
const INLINE_RETRY_AFTER_SECONDS = 5;
const MAX_INLINE_RETRIES = 3;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 5 * 60_000;

export const pollSchedulerId = (organizationId: string): string => `poll-samsara:${organizationId}`;
const tokenContext = (integration: FleetIntegration): string =>
  `${integration.organizationId}:${integration.id}`;

export interface PollOutcome {
  outcome: 'done' | 'skipped' | 'paused' | 'backoff' | 'stopped' | 'superseded';
  pages: number;
  positions: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Samsara connection of an organization and the poller that reads its
 * vehicle locations feed (one repeatable `poll-samsara` job per organization).
 *
 * Each page is stored in one transaction that (a) locks the integration row
 * and checks the cursor is still the one the page was fetched from, (b)
 * stores its positions (duplicates ignored) and (c) advances the cursor. A
 * run that dies between fetching and committing leaves the cursor where it
 * was, so the retry fetches the same page again: nothing lost, nothing twice.
 */
@Injectable()
export class SamsaraPollingService {
  private readonly logger = new Logger(SamsaraPollingService.name);
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly secrets: SecretBox,
    private readonly api: SamsaraApi,
    private readonly ingest: PositionIngestService,
    @InjectQueue(QueueName.FleetPolling) private readonly queue: Queue,
    @Inject(samsaraConfig.KEY) private readonly config: ConfigType<typeof samsaraConfig>,
    private readonly integrations: FleetIntegrationRepository,
    private readonly vehicles: VehicleRepository,
  ) {}

  list(viewer: Viewer): Promise<FleetIntegration[]> {
    return this.tenants.for(viewer).repository(FleetIntegration).find({}, { provider: 'ASC' });
  }

  /**
   * Stores the token (sealed) and starts polling: the first run is a job
   * through the outbox; it installs the repeatable schedule. Connecting again
   * replaces the token, clears an ERROR and keeps the feed cursor.
   */
  async connect(viewer: Viewer, apiToken: string): Promise<FleetIntegration> {
    const token = apiToken.trim();
    if (!token || token.length > 1000 || /\s/.test(token)) {
      throw new BadUserInputError('Invalid input: apiToken: must be a Samsara API token', [
        { path: 'apiToken', message: 'must be a Samsara API token' },
      ]);
    }
    return this.transactions.run(async (transaction) => {
      const scoped = this.tenants.for(viewer, transaction.manager).repository(FleetIntegration);
      await this.integrations.insertIfMissing(transaction.manager, viewer.organizationId, SAMSARA);
      const integration = (await this.integrations.lockByProvider(
        transaction.manager,
        viewer.organizationId,
        SAMSARA,
      ))!;
      integration.tokenSealed = this.secrets.encrypt(token, tokenContext(integration));
      integration.status = SyncStatus.IDLE;
      integration.lastError = null;
      integration.pausedUntil = null;
      integration.failures = 0;
      const saved = await scoped.save(integration);
      await this.audit.record(transaction.manager, viewer, {
        action: 'fleet.samsara_connected',
        entityType: 'FleetIntegration',
        entityId: saved.id,
        after: { provider: SAMSARA, status: saved.status },
      });
      await this.outbox.enqueueJob(transaction, viewer.organizationId, {
        queue: QueueName.FleetPolling,
        name: 'poll-samsara',
        payload: { organizationId: viewer.organizationId },
      });
      return saved;
    });
  }

  /** Installs the organization's repeatable poll unless it exists. */
  async ensureSchedule(organizationId: string): Promise<void> {
    const id = pollSchedulerId(organizationId);
    if (await this.queue.getJobScheduler(id)) return;
    const every = this.config.pollIntervalMs;
    await this.queue.upsertJobScheduler(
      id,
      { every, startDate: Date.now() + every },
      { name: 'poll-samsara', data: { organizationId } },
    );
  }

  /** The repeatable poll every connected organization should have (see FleetScheduler). */
  async pollSchedules(): Promise<DesiredSchedule[]> {
    const rows = await this.transactions.run((transaction) =>
      this.integrations.connectedOrganizations(transaction.manager, SAMSARA),
    );
    const every = this.config.pollIntervalMs;
    return rows.map((row) => ({
      id: pollSchedulerId(row.organization_id),
      every,
      startDate: Date.now() + every,
      job: { name: 'poll-samsara', data: { organizationId: row.organization_id } },
    }));
  }

  async poll(organizationId: string): Promise<PollOutcome> {
    const result: PollOutcome = { outcome: 'done', pages: 0, positions: 0 };
    const integration = await this.tenants
      .for({ organizationId })
      .repository(FleetIntegration)
      .findOneBy({ provider: SAMSARA });
    if (!integration || integration.status === SyncStatus.ERROR || !integration.tokenSealed) {
      await this.queue.removeJobScheduler(pollSchedulerId(organizationId));
      return { ...result, outcome: 'stopped' };
    }
    if (integration.pausedUntil && integration.pausedUntil.getTime() > Date.now()) {
      return { ...result, outcome: 'skipped' };
    }
    await this.ensureSchedule(organizationId);
    const token = this.secrets.decrypt(integration.tokenSealed, tokenContext(integration));
    let cursor = integration.cursor;
    let inlineRetries = 0;
    // The next page is fetched while the current one is stored (its cursor is
    // known before the commit); if the store does not commit, it is dropped.
    let pending = this.fetch(token, cursor);
    while (result.pages < MAX_PAGES_PER_RUN) {
      const fetched = await pending;
      if (fetched.error) {
        const { failure } = fetched.error;
        if (failure.kind === 'unauthorized') {
          await this.update(organizationId, integration.id, {
            status: SyncStatus.ERROR,
            lastError: failure.message,
          });
          await this.queue.removeJobScheduler(pollSchedulerId(organizationId));
          this.logger.warn(`Samsara polling of ${organizationId} stopped: ${failure.message}`);
          return { ...result, outcome: 'stopped' };
        }
        if (failure.kind === 'rate-limited') {
          if (
            failure.retryAfterSeconds <= INLINE_RETRY_AFTER_SECONDS &&
            inlineRetries < MAX_INLINE_RETRIES
          ) {
            inlineRetries += 1;
            await sleep(failure.retryAfterSeconds * 1000);
            pending = this.fetch(token, cursor);
            continue;
          }
          await this.update(organizationId, integration.id, {
            pausedUntil: new Date(Date.now() + failure.retryAfterSeconds * 1000),
            lastError: failure.message,
          });
          return { ...result, outcome: 'paused' };
        }
        const failures = integration.failures + 1;
        const delay = Math.min(BACKOFF_BASE_MS * 2 ** (failures - 1), BACKOFF_MAX_MS);
        await this.update(organizationId, integration.id, {
          failures,
          pausedUntil: new Date(Date.now() + delay),
          lastError: failure.message,
        });
        return { ...result, outcome: 'backoff' };
      }
      const { page } = fetched;
      const nextCursor = page.pagination.endCursor || cursor;
      const more = page.pagination.hasNextPage && result.pages + 1 < MAX_PAGES_PER_RUN;
      const next = more ? this.fetch(token, nextCursor) : null;
      const stored = await this.store(organizationId, integration.id, cursor, page);
      if (stored === null) {
        await next;
        return { ...result, outcome: 'superseded' };
      }
      result.pages += 1;
      result.positions += stored;
      cursor = nextCursor;
      if (!next) break;
      pending = next;
    }
    return result;
  }

  /** One feed call; Samsara's refusals come back as a value (a prefetch must never reject unseen). */
  private async fetch(
    token: string,
    cursor: string | null,
  ): Promise<{ page: SamsaraFeedPage; error?: undefined } | { error: SamsaraCallError }> {
    try {
      return { page: await this.api.locationsFeed(token, cursor) };
    } catch (error) {
      if (error instanceof SamsaraCallError) return { error };
      return {
        error: new SamsaraCallError({
          kind: 'unavailable',
          message: error instanceof Error ? error.message : String(error),
        }),
      };
    }
  }

  /**
   * One page, one transaction: positions and the cursor advance commit
   * together. Null when another run moved the cursor first (its page wins).
   */
  private store(
    organizationId: string,
    integrationId: string,
    fetchedFrom: string | null,
    page: SamsaraFeedPage,
  ): Promise<number | null> {
    const entries = (page.data ?? []).filter((entry) => typeof entry.id === 'string' && entry.id);
    const externalIds = [...new Set(entries.map((entry) => entry.id))];
    return this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      // One statement claims the page and maps the feed's vehicle ids to
      // ours. The claim locks the integration row and, if its cursor is
      // still the one the page was fetched from (and polling was not stopped
      // meanwhile), advances it: the advance commits with the positions or
      // not at all, and a concurrent run waits for this one, then finds the
      // cursor moved.
      const claim = await this.integrations.claimPage(
        manager,
        organizationId,
        integrationId,
        fetchedFrom,
        page.pagination.endCursor || fetchedFrom,
        externalIds,
      );
      if (!claim.claimed) return null;
      let vehicleIds = claim.vehicles ?? {};
      if (Object.keys(vehicleIds).length < externalIds.length) {
        vehicleIds = await this.createVehicles(manager, organizationId, entries, vehicleIds);
      }
      const batch = new PositionBatch();
      for (const entry of entries) {
        const vehicleId = vehicleIds[entry.id];
        if (!vehicleId) continue;
        for (const location of entry.locations ?? []) {
          const at = Date.parse(location.time);
          const { latitude: lat, longitude: lng, speed, heading } = location;
          if (!Number.isFinite(at) || !isCoordinate(lat, lng)) continue;
          batch.add(
            vehicleId,
            at,
            lat,
            lng,
            typeof speed === 'number' ? mphToKph(speed) : null,
            typeof heading === 'number' ? heading : null,
          );
        }
      }
      const { inserted } = await this.ingest.ingest(transaction, organizationId, batch);
      return inserted;
    });
  }

  /** Creates the page's vehicles not seen before; Samsara vehicle id → ours, for all of them. */
  private async createVehicles(
    manager: EntityManager,
    organizationId: string,
    entries: ReadonlyArray<{ id: string; name?: string }>,
    known: Record<string, string>,
  ): Promise<Record<string, string>> {
    const missing = [
      ...new Map(
        entries.filter((entry) => !known[entry.id]).map((entry) => [entry.id, entry]),
      ).values(),
    ];
    await this.vehicles.insertExternal(
      manager,
      organizationId,
      missing.map((entry) => entry.id),
      missing.map((entry) => entry.name || `Samsara ${entry.id}`),
    );
    // A statement of its own: it also sees a vehicle another transaction
    // created (and committed) while the insert ran.
    const rows = await this.vehicles.findByExternalIds(
      manager,
      organizationId,
      missing.map((entry) => entry.id),
    );
    const vehicleIds = { ...known };
    for (const row of rows) vehicleIds[row.external_id] = row.id;
    return vehicleIds;
  }

  private async update(
    organizationId: string,
    id: string,
    changes: Partial<FleetIntegration>,
  ): Promise<void> {
    await this.transactions.run((transaction) =>
      this.integrations.update(transaction.manager, organizationId, id, changes),
    );
  }
}
