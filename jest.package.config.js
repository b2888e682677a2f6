/** `npm run test:package`: the packed-install test alone (npm pack, npm install, tsc, synth, terraform; minutes). */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/__tests__/package/packed-install.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 900000,
};
