// Tests run the TypeScript sources through swc (no build step); workspace packages map to src.
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;

const workspace = {
  kit: 'packages/kit', client: 'packages/client', seed: 'packages/seed', registry: 'packages/registry', cli: 'cli',
  gateway: 'gateway', community: 'subgraphs/community', subdistrict: 'subgraphs/subdistrict',
  complex: 'subgraphs/complex', powergrid: 'subgraphs/powergrid',
};
const moduleNameMapper = {};
for (const [name, dir] of Object.entries(workspace)) moduleNameMapper[`^@gridhub/${name}$`] = `<rootDir>/${dir}/src/index.ts`;
moduleNameMapper['^@gridhub/kit/testing$'] = '<rootDir>/packages/kit/src/testing/index.ts';

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }],
    // ESM-only dependencies (jose 6) become CommonJS for jest; Node 20.19+ loads them natively at run time.
    '^.+\\.js$': ['@swc/jest', { swcrc: false, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/jose@|jose/)'],
  moduleNameMapper,
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  setupFiles: ['reflect-metadata'],
  testTimeout: 120000,
  // Suites start real servers and databases; two cores run two suites at once without starving them.
  maxWorkers: 2,
};
