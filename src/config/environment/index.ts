import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { ENVIRONMENT_AREAS, EnvironmentVariables, variableNames } from './areas';
import { crossFieldProblems } from './rules';

export { ENVIRONMENT_AREAS, EnvironmentVariables, variableNames } from './areas';
export { EMBEDDED_DATABASE_POOL_SIZE } from './database';
export { MAINTENANCE_CONCURRENCY } from './redis-queue';
export { CREDENTIAL_PAIRS } from './rules';
export { parseTrustProxy } from './trust-proxy';

/** The names of the variables of each area, read once. */
const AREA_NAMES = ENVIRONMENT_AREAS.map((area) => [area, variableNames(area)] as const);

/** All variable names, including optional ones without a default: derived from the rules. */
export const ENVIRONMENT_VARIABLE_NAMES: readonly string[] = AREA_NAMES.flatMap(
  ([, names]) => names,
);

export class EnvironmentValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'EnvironmentValidationError';
  }
}

const SECRET_NAMES = /SECRET|TOKEN|KEY|PASSWORD|SMTP_URL|HEADERS/;

function describe(error: ValidationError): string {
  const shown = SECRET_NAMES.test(error.property) ? '(hidden)' : JSON.stringify(error.value);
  const reasons = Object.values(error.constraints ?? {}).join('; ');
  return `${error.property}: ${reasons} (got ${shown})`;
}

/**
 * Validates raw variables (normally `process.env`) and returns them typed with
 * defaults applied. Every problem is reported at once, so an operator fixes a
 * deployment in one round.
 */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const problems: string[] = [];
  const parts = AREA_NAMES.map(([area, names]) => {
    const picked: Record<string, unknown> = {};
    for (const name of names) {
      if (raw[name] !== undefined) picked[name] = raw[name];
    }
    const values = plainToInstance(area as new () => object, picked);
    problems.push(...validateSync(values, { skipMissingProperties: false }).map(describe));
    return values;
  });
  const env = Object.assign({}, ...parts) as EnvironmentVariables;
  problems.push(...crossFieldProblems(env));
  if (problems.length > 0) throw new EnvironmentValidationError(problems);
  return env;
}
