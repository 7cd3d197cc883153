import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { BadUserInputError, ConflictError, FieldError } from '@/common/errors/domain-errors';
import { isUniqueViolation, isUuid } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { MembersService } from '@/modules/organizations/members.service';
import {
  CreateDriverInput,
  CreateVehicleInput,
  DEFAULT_TRACK_POINTS,
  MAX_TRACK_POINTS,
  PositionInput,
} from './dto/vehicle.input';
import { Driver } from './driver.entity';
import { coordinateErrors, isCoordinate } from './geometry';
import { PositionBatch } from './position-batch';
import { PositionIngestService, UnknownVehiclesError } from './position-ingest.service';
import { PositionPoint, VehiclePositionRepository } from './vehicle-position.repository';
import { Vehicle } from './vehicle.entity';

export const MAX_POSITIONS_PER_CALL = 1000;
/** Positions may run this far ahead of our clock (device clocks drift), no further. */
const MAX_FUTURE_MS = 5 * 60_000;

/** Vehicles, drivers and positions of the viewer's organization. */
@Injectable()
export class VehiclesService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly members: MembersService,
    private readonly ingest: PositionIngestService,
    private readonly positions: VehiclePositionRepository,
  ) {}

  list(viewer: Viewer): Promise<Vehicle[]> {
    return this.tenants.for(viewer).repository(Vehicle).find({}, { name: 'ASC', id: 'ASC' });
  }

  async get(viewer: Viewer, id: string): Promise<Vehicle | null> {
    if (!isUuid(id)) return null;
    return this.tenants.for(viewer).repository(Vehicle).findOneBy({ id });
  }

  findByIds(organizationId: string, ids: readonly string[]): Promise<Vehicle[]> {
    return this.tenants.for({ organizationId }).repository(Vehicle).findByIds(ids);
  }

  findDriversByIds(organizationId: string, ids: readonly string[]): Promise<Driver[]> {
    return this.tenants.for({ organizationId }).repository(Driver).findByIds(ids);
  }

  async create(viewer: Viewer, input: CreateVehicleInput): Promise<Vehicle> {
    if (input.driverName && input.driverId) {
      throw BadUserInputError.forFields([
        { path: 'input.driverId', message: 'give driverName or driverId, not both' },
      ]);
    }
    try {
      return await this.transactions.run(async (transaction) => {
        const scope = this.tenants.for(viewer, transaction.manager);
        let driverId: string | null = null;
        if (input.driverId) {
          const driver = await scope.repository(Driver).findOneBy({ id: input.driverId });
          if (!driver)
            throw BadUserInputError.forFields([
              { path: 'input.driverId', message: 'no such driver' },
            ]);
          driverId = driver.id;
        } else if (input.driverName) {
          const drivers = scope.repository(Driver);
          driverId = (
            await drivers.save(
              drivers.create({ name: input.driverName, phone: null, userId: null }),
            )
          ).id;
        }
        const vehicles = scope.repository(Vehicle);
        const vehicle = await vehicles.save(
          vehicles.create({
            name: input.name.trim(),
            vin: input.vin ?? null,
            licensePlate: input.licensePlate?.trim() || null,
            externalId: input.externalId?.trim() || null,
            driverId,
            speedLimitKph: input.speedLimitKph ?? null,
          }),
        );
        await this.audit.record(transaction.manager, viewer, {
          action: 'fleet.vehicle_created',
          entityType: 'Vehicle',
          entityId: vehicle.id,
          after: {
            name: vehicle.name,
            vin: vehicle.vin,
            licensePlate: vehicle.licensePlate,
            externalId: vehicle.externalId,
            driverId,
            speedLimitKph: vehicle.speedLimitKph,
          },
        });
        return vehicle;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'vehicle_organization_vin_key')) {
        throw new ConflictError('A vehicle with this VIN exists', { field: 'input.vin' });
      }
      if (isUniqueViolation(error, 'vehicle_organization_external_id_key')) {
        throw new ConflictError('A vehicle with this external id exists', {
          field: 'input.externalId',
        });
      }
      throw error;
    }
  }

  async createDriver(viewer: Viewer, input: CreateDriverInput): Promise<Driver> {
    if (input.userId && !(await this.members.isMember(viewer.organizationId, input.userId))) {
      throw BadUserInputError.forFields([
        { path: 'input.userId', message: 'not a member of this organization' },
      ]);
    }
    return this.transactions.run(async (transaction) => {
      const drivers = this.tenants.for(viewer, transaction.manager).repository(Driver);
      const driver = await drivers.save(
        drivers.create({
          name: input.name.trim(),
          phone: input.phone?.trim() || null,
          userId: input.userId ?? null,
        }),
      );
      await this.audit.record(transaction.manager, viewer, {
        action: 'fleet.driver_created',
        entityType: 'Driver',
        entityId: driver.id,
        after: { name: driver.name, phone: driver.phone, userId: driver.userId },
      });
      return driver;
    });
  }

  /**
   * Direct ingest. Everything is checked before anything is stored: a bad
   * position fails the whole call with its index in the path
   * (`positions[3].lat`). Returns how many positions were new.
   */
  async recordPositions(viewer: Viewer, positions: PositionInput[]): Promise<number> {
    if (positions.length > MAX_POSITIONS_PER_CALL) {
      throw BadUserInputError.forFields([
        { path: 'positions', message: `at most ${MAX_POSITIONS_PER_CALL} positions per call` },
      ]);
    }
    const latest = Date.now() + MAX_FUTURE_MS;
    // One pass: each position is checked and, while all are valid, added to
    // the batch column by column; the field errors (and their paths) are made
    // only for the invalid ones.
    const batch = new PositionBatch();
    const errors: FieldError[] = [];
    for (let index = 0; index < positions.length; index++) {
      const position = positions[index];
      const { vehicleId, lat, lng } = position;
      const speed = position.speedKph ?? null;
      const heading = position.heading ?? null;
      const time = position.at instanceof Date ? position.at.getTime() : NaN;
      if (
        isCoordinate(lat, lng) &&
        (speed === null || (speed >= 0 && speed <= 1000)) &&
        (heading === null || (heading >= 0 && heading <= 360)) &&
        time <= latest &&
        errors.length === 0
      ) {
        const vehicles = batch.vehicleIds.length;
        batch.add(vehicleId, time, lat, lng, speed, heading);
        // A vehicle id is checked when it first appears.
        if (batch.vehicleIds.length === vehicles || isUuid(vehicleId)) continue;
      }
      const path = `positions[${index}]`;
      errors.push(...coordinateErrors(path, lat, lng));
      if (!isUuid(vehicleId)) {
        errors.push({ path: `${path}.vehicleId`, message: 'must be a vehicle id' });
      }
      if (speed !== null && !(speed >= 0 && speed <= 1000)) {
        errors.push({ path: `${path}.speedKph`, message: 'must be from 0 to 1000' });
      }
      if (heading !== null && !(heading >= 0 && heading <= 360)) {
        errors.push({ path: `${path}.heading`, message: 'must be from 0 to 360' });
      }
      if (!Number.isFinite(time)) errors.push({ path: `${path}.at`, message: 'not a valid time' });
      else if (time > latest) errors.push({ path: `${path}.at`, message: 'is in the future' });
    }
    if (errors.length > 0) throw BadUserInputError.forFields(errors.slice(0, 20));
    if (positions.length === 0) return 0;

    try {
      return await this.transactions.run(async (transaction) => {
        const result = await this.ingest.ingest(transaction, viewer.organizationId, batch);
        return result.inserted;
      });
    } catch (error) {
      if (!(error instanceof UnknownVehiclesError)) throw error;
      const unknown = new Set(error.vehicleIds);
      throw BadUserInputError.forFields(
        positions
          .map((position, index) => ({ position, index }))
          .filter(({ position }) => unknown.has(position.vehicleId))
          .slice(0, 20)
          .map(({ index }) => ({
            path: `positions[${index}].vehicleId`,
            message: 'no such vehicle',
          })),
      );
    }
  }

  /**
   * A vehicle's positions in [from, to], thinned to at most `maxPoints`
   * (see VehiclePositionRepository.track).
   */
  async track(
    organizationId: string,
    vehicleId: string,
    from: Date,
    to: Date,
    maxPoints?: number | null,
  ): Promise<PositionPoint[]> {
    const limit = maxPoints ?? DEFAULT_TRACK_POINTS;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRACK_POINTS) {
      throw BadUserInputError.forFields([
        { path: 'maxPoints', message: `must be from 1 to ${MAX_TRACK_POINTS}` },
      ]);
    }
    if (from.getTime() > to.getTime()) {
      throw BadUserInputError.forFields([{ path: 'to', message: 'must not be before from' }]);
    }
    return this.positions.track(organizationId, vehicleId, from, to, limit);
  }
}
