import { contains, coordinateErrors, polygonErrors, VIN_PATTERN } from './geometry';

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ],
  ],
};

describe('geometry', () => {
  it('accepts coordinates on the limits and refuses beyond them, NaN and Infinity', () => {
    expect(coordinateErrors('p', 90, 180)).toEqual([]);
    expect(coordinateErrors('p', -90, -180)).toEqual([]);
    expect(coordinateErrors('p', 90.0001, 0).map((e) => e.path)).toEqual(['p.lat']);
    expect(coordinateErrors('p', 0, -180.5).map((e) => e.path)).toEqual(['p.lng']);
    expect(coordinateErrors('p', NaN, Infinity).map((e) => e.path)).toEqual(['p.lat', 'p.lng']);
  });

  it('accepts a closed ring of four positions and a polygon with a hole', () => {
    expect(polygonErrors('g', square)).toEqual([]);
    const triangle = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    expect(polygonErrors('g', triangle)).toEqual([]);
    const withHole = {
      type: 'Polygon',
      coordinates: [
        ...square.coordinates,
        [
          [0.5, 0.5],
          [1, 0.5],
          [1, 1],
          [0.5, 0.5],
        ],
      ],
    };
    expect(polygonErrors('g', withHole)).toEqual([]);
  });

  it('names the ring that is open or too short and the position that is malformed', () => {
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    };
    expect(polygonErrors('g', open)).toEqual([
      { path: 'g.coordinates[0]', message: expect.stringContaining('closed') },
    ]);
    const short = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [0, 0],
        ],
      ],
    };
    expect(polygonErrors('g', short)[0].message).toContain('at least 4');
    const malformed = { type: 'Polygon', coordinates: [[[0, 0], [1], [1, 1], [0, 0]]] };
    expect(polygonErrors('g', malformed)[0].path).toBe('g.coordinates[0][1]');
    expect(polygonErrors('g', { type: 'MultiPolygon', coordinates: [] })[0].path).toBe('g.type');
    expect(polygonErrors('g', null)[0].path).toBe('g');
  });

  it('tells inside from outside with the polygon and its hole', () => {
    expect(contains(square, 1, 1)).toBe(true);
    expect(contains(square, 3, 1)).toBe(false);
    const withHole = {
      type: 'Polygon' as const,
      coordinates: [
        ...square.coordinates,
        [
          [0.5, 0.5],
          [1.5, 0.5],
          [1.5, 1.5],
          [0.5, 1.5],
          [0.5, 0.5],
        ],
      ],
    };
    expect(contains(withHole, 1, 1)).toBe(false);
    expect(contains(withHole, 0.25, 0.25)).toBe(true);
  });

  it('knows a VIN from a string that is not one', () => {
    expect(VIN_PATTERN.test('1M8GDM9AXKP042788')).toBe(true);
    expect(VIN_PATTERN.test('1M8GDM9AXKP04278')).toBe(false);
    expect(VIN_PATTERN.test('1M8GDM9AXKP04278O')).toBe(false);
  });
});
