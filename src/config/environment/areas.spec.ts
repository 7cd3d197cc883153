import {
  ENVIRONMENT_AREAS,
  ENVIRONMENT_VARIABLE_NAMES,
  validateEnvironment,
  variableNames,
} from '.';

describe('environment areas', () => {
  it('name each variable once, in exactly one area', () => {
    expect(new Set(ENVIRONMENT_VARIABLE_NAMES).size).toBe(ENVIRONMENT_VARIABLE_NAMES.length);
    expect(ENVIRONMENT_AREAS.flatMap((area) => variableNames(area))).toEqual([
      ...ENVIRONMENT_VARIABLE_NAMES,
    ]);
  });

  it('give every property with a default a rule, so the name list misses none', () => {
    for (const area of ENVIRONMENT_AREAS) {
      const names = variableNames(area);
      expect(Object.keys(new area()).filter((key) => !names.includes(key))).toEqual([]);
    }
  });

  it('read only the known variables', () => {
    const env = validateEnvironment({ NOT_A_SWITCHBOARD_VARIABLE: 'x', PORT: '1234' });
    expect(env).not.toHaveProperty('NOT_A_SWITCHBOARD_VARIABLE');
    expect(env.PORT).toBe(1234);
    expect(Object.keys(env).every((key) => ENVIRONMENT_VARIABLE_NAMES.includes(key))).toBe(true);
  });
});
