// Tests run the TypeScript sources through swc (no build step); workspace packages map to src.
const fs = require('node:fs');
const { workspacePackages } = require('./scripts/workspace.cjs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;

// Workspace packages map to their TypeScript sources (so tests need no build), found from pnpm-workspace.yaml.
const moduleNameMapper = {};
for (const [name, { dir, entries }] of workspacePackages(__dirname))
  for (const [entry, source] of Object.entries(entries)) moduleNameMapper[`^${name}${entry === '.' ? '' : entry.slice(1)}$`] = `<rootDir>/${dir}/${source}`;

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
