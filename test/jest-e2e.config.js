/**
 * End-to-end tests against real PostgreSQL and Redis on localhost: a fresh
 * database per run (global-setup.ts), migrations applied, dropped afterwards.
 * Files run one at a time (`--maxWorkers=1`, see package.json) in a worker
 * process that is replaced once it holds more than `workerIdleMemoryLimit`
 * after a file: run in band, every file's Nest application, TypeORM metadata
 * and module registry stayed in one heap, which grew past 4 GB over the suite
 * and slowed the last files to timeouts in garbage collection.
 */
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  globalSetup: '<rootDir>/test/utils/global-setup.ts',
  globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
  testTimeout: 60_000,
  workerIdleMemoryLimit: '1536MB',
};
