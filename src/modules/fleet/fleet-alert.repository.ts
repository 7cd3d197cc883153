import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantScope } from '@/database/tenant-scope';
import { ConnectionResult, filterKey, paginate } from '@/graphql/pagination';
import { FleetAlertsArgs } from './dto/fleet-alert-filter.input';
import { FleetAlert } from './fleet-alert.entity';

/** The queries of fleet alerts beyond simple CRUD (which goes through TenantScope). */
@Injectable()
export class FleetAlertRepository {
  constructor(
    private readonly tenants: TenantScope,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The organization's alerts matching the filter, newest first, one page. */
  page(organizationId: string, args: FleetAlertsArgs): Promise<ConnectionResult<FleetAlert>> {
    const filter = args.filter ?? {};
    const qb = this.tenants
      .for({ organizationId })
      .repository(FleetAlert)
      .createQueryBuilder('alert');
    if (filter.vehicleId)
      qb.andWhere('alert.vehicleId = :vehicleId', { vehicleId: filter.vehicleId });
    if (filter.kind?.length) qb.andWhere('alert.kind IN (:...kinds)', { kinds: filter.kind });
    if (filter.acknowledged === true) qb.andWhere('alert.acknowledgedAt IS NOT NULL');
    if (filter.acknowledged === false) qb.andWhere('alert.acknowledgedAt IS NULL');
    return paginate(qb, args, {
      queryKey: `fleetAlerts:${filterKey(args.filter)}`,
      orderBy: [{ column: 'alert.at', direction: 'DESC' }],
    });
  }

  /** For workers, which have no viewer: the alert whatever its organization (the row carries it). */
  findAnyById(id: string): Promise<FleetAlert[]> {
    return this.dataSource.manager.find(FleetAlert, { where: { id } });
  }
}
