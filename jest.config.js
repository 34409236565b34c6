// Jest runs the TypeScript sources as native ESM (see README "Tests"): swc strips types, and the
// `.js` suffixes that NodeNext resolution needs are mapped back to the `.ts` files.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' }, sourceMaps: 'inline' },
  ],
};
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  ...shared,
  // Agenda 6 can keep a MongoDB client open after stop() (seen with jobs run through now()), which
  // kept Jest alive after a green run; exit once the results are in rather than hang CI.
  forceExit: true,
  // One MongoDB wire-protocol server for the whole run (started only when a selected project needs it).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    // The labelled-scenario tests generate and score whole exports: give them room on a loaded 2-core CI.
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], testTimeout: 20000 },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testTimeout: 30000,
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], testTimeout: 60000 },
  ],
};
