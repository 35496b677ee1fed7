export { testDialects, testDatabase, type TestDatabase } from './databases';
