import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { point } from '@turf/helpers';
import type { Polygon } from 'geojson';
import { FieldError } from '@/common/errors/domain-errors';

/** Problems with one coordinate pair, as field errors under `path`. */
export function coordinateErrors(path: string, lat: unknown, lng: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    errors.push({ path: `${path}.lat`, message: 'latitude must be a number from -90 to 90' });
  }
  if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < -180 || lng > 180) {
    errors.push({ path: `${path}.lng`, message: 'longitude must be a number from -180 to 180' });
  }
  return errors;
}

export type PolygonGeometry = { type: 'Polygon'; coordinates: number[][][] };

/**
 * Validates a GeoJSON Polygon (RFC 7946 §3.1.6): `type: "Polygon"`, one or
 * more linear rings, each a closed list of at least four [lng, lat]
 * positions. Returns the field errors (empty when valid); `path` names the
 * argument (`input.geometry`).
 */
/** Bounds on one polygon, checked before any position is looked at. */
export interface PolygonLimits {
  maxVertices: number;
  maxRings: number;
}

export function polygonErrors(
  path: string,
  value: unknown,
  limits: PolygonLimits = { maxVertices: 1000, maxRings: 20 },
): FieldError[] {
  const fail = (suffix: string, message: string): FieldError[] => [
    { path: `${path}${suffix}`, message },
  ];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('', 'must be a GeoJSON Polygon object');
  }
  const geometry = value as Record<string, unknown>;
  if (geometry.type !== 'Polygon') return fail('.type', 'must be "Polygon"');
  const rings = geometry.coordinates;
  if (!Array.isArray(rings) || rings.length === 0) {
    return fail('.coordinates', 'must be a non-empty array of linear rings');
  }
  if (rings.length > limits.maxRings) {
    return fail('.coordinates', `at most ${limits.maxRings} rings`);
  }
  const vertices = rings.reduce(
    (sum: number, ring: unknown) => sum + (Array.isArray(ring) ? ring.length : 0),
    0,
  );
  if (vertices > limits.maxVertices) {
    return fail('.coordinates', `at most ${limits.maxVertices} positions in all (got ${vertices})`);
  }
  const errors: FieldError[] = [];
  rings.forEach((ring: unknown, r) => {
    const ringPath = `.coordinates[${r}]`;
    if (!Array.isArray(ring)) {
      errors.push(...fail(ringPath, 'a linear ring must be an array of positions'));
      return;
    }
    if (ring.length < 4) {
      errors.push(...fail(ringPath, 'a linear ring needs at least 4 positions'));
      return;
    }
    let positionsValid = true;
    ring.forEach((position: unknown, p) => {
      if (
        !Array.isArray(position) ||
        position.length < 2 ||
        position.length > 3 ||
        !position.every((n) => typeof n === 'number' && Number.isFinite(n))
      ) {
        errors.push(...fail(`${ringPath}[${p}]`, 'a position is [longitude, latitude]'));
        positionsValid = false;
        return;
      }
      const [lng, lat] = position as number[];
      if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
        errors.push(
          ...fail(`${ringPath}[${p}]`, 'longitude must be -180..180 and latitude -90..90'),
        );
        positionsValid = false;
      }
    });
    if (!positionsValid) return;
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      errors.push(
        ...fail(ringPath, 'a linear ring must be closed (last position equal to the first)'),
      );
    }
  });
  return errors;
}

/** Whether [lng, lat] lies inside the polygon (boundary counts as inside). */
export function contains(polygon: PolygonGeometry, lng: number, lat: number): boolean {
  return booleanPointInPolygon(point([lng, lat]), polygon as Polygon);
}

/** A 17-character VIN (ISO 3779): digits and capitals except I, O and Q. */
export const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;

/** Whether (lat, lng) is a valid coordinate pair (what coordinateErrors finds nothing wrong with). */
export function isCoordinate(lat: unknown, lng: unknown): boolean {
  return (
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    lat >= -90 &&
    lat <= 90 &&
    lng >= -180 &&
    lng <= 180
  );
}
