/** Type checking is `npm run lint`'s job; tests transpile only, which keeps them fast. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // The packed-install test takes minutes: `npm run test:package` (and .ci/run) runs it.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/package/packed-install.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleNameMapper: { '^budget-guardrails$': '<rootDir>/index.ts' },
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup-after-env.ts'],
  testTimeout: 120000,
};
