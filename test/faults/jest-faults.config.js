/**
 * The fault suite (`npm run test:faults`): real api and worker processes, a
 * PostgreSQL cluster and a Redis server of its own per spec, started and
 * broken by the tests (test/faults/harness). Run in band: each spec owns
 * whole processes and the machine's cores. Not part of `npm test`; CI runs it
 * as its own step.
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  globalSetup: '<rootDir>/test/faults/harness/global-setup.ts',
  testTimeout: 600_000,
  maxWorkers: 1,
};
