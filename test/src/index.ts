// Only the database helpers: unit tests of every package import this, and must not load the whole hub.
// End-to-end suites in test/ import the hub harness from './src/hub' directly.
export { testDialects, testDatabase, type TestDatabase } from './databases';
