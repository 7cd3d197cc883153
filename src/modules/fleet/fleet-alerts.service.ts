import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { ConnectionResult } from '@/graphql/pagination';
import { AuditService } from '@/modules/audit/audit.service';
import { FleetAlertsArgs } from './dto/fleet-alert-filter.input';
import { FleetAlert } from './fleet-alert.entity';
import { FleetAlertRepository } from './fleet-alert.repository';
import { FLEET_DEFAULTS } from './fleet-settings.entity';
import { AlertKind, AlertSeverity } from './fleet.enums';
import { PositionIngestService } from './position-ingest.service';
import { VehiclePositionRepository } from './vehicle-position.repository';
import { VehicleRepository } from './vehicle.repository';

const STALE_BATCH = 1000;

/** Alert reads, acknowledgement, and the STALE_POSITION check. */
@Injectable()
export class FleetAlertsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly ingest: PositionIngestService,
    private readonly alertQueries: FleetAlertRepository,
    private readonly vehicles: VehicleRepository,
    private readonly positions: VehiclePositionRepository,
  ) {}

  /** Newest first. */
  list(viewer: Viewer, args: FleetAlertsArgs): Promise<ConnectionResult<FleetAlert>> {
    return this.alertQueries.page(viewer.organizationId, args);
  }

  /** For workers, which have no viewer: the alert whatever its organization (the row carries it). */
  findAnyById(id: string): Promise<FleetAlert[]> {
    return this.alertQueries.findAnyById(id);
  }

  /** Idempotent: acknowledging twice keeps the first acknowledgement. */
  async acknowledge(viewer: Viewer, id: string): Promise<FleetAlert> {
    return this.transactions.run(async (transaction) => {
      const alerts = this.tenants.for(viewer, transaction.manager).repository(FleetAlert);
      const alert = await alerts.get(id, 'FleetAlert', 'pessimistic_write');
      if (alert.acknowledgedAt) return alert;
      alert.acknowledgedAt = new Date();
      alert.acknowledgedById = viewer.userId;
      const saved = await alerts.save(alert);
      await this.audit.record(transaction.manager, viewer, {
        action: 'fleet.alert_acknowledged',
        entityType: 'FleetAlert',
        entityId: saved.id,
        before: { acknowledgedAt: null },
        after: { acknowledgedAt: saved.acknowledgedAt },
      });
      return saved;
    });
  }

  /**
   * Raises STALE_POSITION for every vehicle (of every organization) whose
   * last position is older than its organization's threshold and that has
   * not had the alert since that position; the next position clears it.
   * Claimed with SKIP LOCKED in batches, so concurrent runs never raise twice.
   */
  async checkStale(): Promise<number> {
    let raised = 0;
    for (;;) {
      const count = await this.transactions.run(async (transaction) => {
        const rows = await this.vehicles.claimStale(
          transaction.manager,
          FLEET_DEFAULTS.staleAfterMinutes,
          STALE_BATCH,
        );
        const byOrganization = new Map<string, typeof rows>();
        for (const row of rows) {
          const vehicles = byOrganization.get(row.organization_id);
          if (vehicles) vehicles.push(row);
          else byOrganization.set(row.organization_id, [row]);
        }
        const now = new Date();
        for (const [organizationId, vehicles] of byOrganization) {
          await this.ingest.raise(
            transaction,
            organizationId,
            vehicles.map((vehicle) => {
              const minutes = Math.floor(
                (now.getTime() - new Date(vehicle.last_position_at).getTime()) / 60_000,
              );
              return {
                vehicleId: vehicle.id,
                kind: AlertKind.STALE_POSITION,
                severity: AlertSeverity.WARNING,
                message: `${vehicle.name} has sent no position for ${minutes} min`,
                at: now,
                geofenceId: null,
              };
            }),
          );
        }
        return rows.length;
      });
      raised += count;
      if (count < STALE_BATCH) return raised;
    }
  }

  /** Deletes positions older than `retentionDays`, `batch` rows per statement. */
  async prunePositions(retentionDays: number, batch = 10_000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const count = await this.positions.pruneOlderThan(retentionDays, batch);
      deleted += count;
      if (count < batch) return deleted;
    }
  }

  /** The organization's unacknowledged alerts, newest first (assistant: "acknowledge the alert for van 3"). */
  openAlerts(viewer: Viewer, limit = 100): Promise<FleetAlert[]> {
    return this.tenants
      .for(viewer)
      .repository(FleetAlert)
      .createQueryBuilder('alert')
      .andWhere('alert.acknowledgedAt IS NULL')
      .orderBy('alert.at', 'DESC')
      .addOrderBy('alert.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}
