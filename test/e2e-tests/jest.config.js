module.exports = {
  rootDir: __dirname,
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '\\.ts$': require.resolve('@backstage/cli-module-test-jest/config/jestSwcTransform'),
  },
  globalSetup: '<rootDir>/globalSetup.js',
  globalTeardown: '<rootDir>/globalTeardown.js',
  testTimeout: 120_000,
};
