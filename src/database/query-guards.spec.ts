import { QueryFailedError } from 'typeorm';
import { isUniqueViolation, isUuid } from './query-guards';

describe('isUuid', () => {
  it('accepts the canonical form, in either case', () => {
    expect(isUuid('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')).toBe(true);
    expect(isUuid('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
  });

  it.each(['', '1', 'not-a-uuid', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1', "' OR 1=1 --"])(
    'refuses %p',
    (value) => {
      expect(isUuid(value)).toBe(false);
    },
  );
});

describe('isUniqueViolation', () => {
  const failed = (code: string) =>
    new QueryFailedError('INSERT …', [], Object.assign(new Error('duplicate'), { code }));

  it('recognises PostgreSQL unique violations only', () => {
    expect(isUniqueViolation(failed('23505'))).toBe(true);
    expect(isUniqueViolation(failed('23503'))).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });

  it('narrows to one unique index when given its name', () => {
    const onVin = new QueryFailedError(
      'INSERT …',
      [],
      Object.assign(new Error('duplicate'), { code: '23505', constraint: 'vehicle_vin_key' }),
    );
    expect(isUniqueViolation(onVin, 'vehicle_vin_key')).toBe(true);
    expect(isUniqueViolation(onVin, 'vehicle_external_id_key')).toBe(false);
    expect(isUniqueViolation(failed('23505'), 'vehicle_vin_key')).toBe(false);
  });
});
