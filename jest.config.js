// Jest runs TypeScript through SWC (NestJS 12 is ESM-only; SWC's CommonJS output loads it via require(esm)).
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.exclude;
delete swcrc.$schema;
swcrc.jsc.baseUrl = __dirname;

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|jose|oidc-provider|cockatiel|@sparticuz)/)'],
  setupFiles: ['reflect-metadata'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Three suites at a time on a 2-core machine: an e2e suite mostly waits on the processes it started, so one at a
  // time (Jest's default here: cores - 1) leaves the cores idle. Measured on this machine: 1 worker 7 m 12 s, 3
  // workers 5 m 28 s, 4 workers 6 m 52 s (the stacks then crowd each other out).
  maxWorkers: 3,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      // Jest 30 ignores a project's testTimeout, so the e2e suites (which start real processes) raise their
      // bound to 120 s here (see test/setup-e2e.ts); unit tests keep the 5 s default.
      setupFilesAfterEnv: ['<rootDir>/test/setup-e2e.ts'],
    },
  ],
  // Once per run, for both projects: a private Redis, and a registry of started processes that the teardown
  // empties, so a failing suite never leaves a process behind or keeps Jest from exiting.
  globalSetup: '<rootDir>/test/run-setup.ts',
  globalTeardown: '<rootDir>/test/run-teardown.ts',
  coverageDirectory: '<rootDir>/coverage',
  // `npm run test:cov` fails if the platform team's downstream library drops below its bar.
  coverageThreshold: { './libs/downstream/src/': { lines: 90 } },
};
