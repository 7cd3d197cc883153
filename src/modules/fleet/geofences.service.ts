import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { samsaraConfig } from '@/config/configuration';
import { Viewer } from '@/access/viewer';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { CreateGeofenceInput } from './dto/geofence.input';
import { Geofence } from './geofence.entity';
import { GeofenceRepository } from './geofence.repository';
import { PolygonGeometry, polygonErrors } from './geometry';

@Injectable()
export class GeofencesService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    @Inject(samsaraConfig.KEY) private readonly fleet: ConfigType<typeof samsaraConfig>,
    private readonly geofenceLocks: GeofenceRepository,
  ) {}

  list(viewer: Viewer): Promise<Geofence[]> {
    return this.tenants.for(viewer).repository(Geofence).find({}, { name: 'ASC', id: 'ASC' });
  }

  async create(viewer: Viewer, input: CreateGeofenceInput): Promise<Geofence> {
    const errors = polygonErrors('input.geometry', input.geometry, this.fleet.geofenceLimits);
    if (errors.length > 0) {
      throw BadUserInputError.forFields(errors, errors.slice(0, 20));
    }
    const source = input.geometry as PolygonGeometry;
    // Only what GeoJSON defines is kept (no foreign members).
    const geometry: PolygonGeometry = { type: 'Polygon', coordinates: source.coordinates };
    return this.transactions.run(async (transaction) => {
      // Counted under a per-organization lock, so parallel creates cannot pass the cap.
      await this.geofenceLocks.lockOrganization(transaction.manager, viewer.organizationId);
      const geofences = this.tenants.for(viewer, transaction.manager).repository(Geofence);
      const { maxPerOrganization } = this.fleet.geofenceLimits;
      if ((await geofences.count()) >= maxPerOrganization) {
        throw new BadUserInputError(
          `An organization has at most ${maxPerOrganization} geofences; delete one first`,
          [{ path: 'input', message: `at most ${maxPerOrganization} geofences` }],
        );
      }
      const geofence = await geofences.save(
        geofences.create({ name: input.name.trim(), geometry }),
      );
      await this.audit.record(transaction.manager, viewer, {
        action: 'fleet.geofence_created',
        entityType: 'Geofence',
        entityId: geofence.id,
        after: { name: geofence.name, rings: geometry.coordinates.length },
      });
      return geofence;
    });
  }
}
