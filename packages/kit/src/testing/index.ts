// The kit's test helpers (`@gridhub/kit/testing`): throwaway databases, and one subgraph definition started on
// one, with gateway keys to sign identities for it. Unit tests of the kit and of every subgraph use these; the
// end-to-end harness (the whole hub) lives in test/.
export { testDialects, testDatabase, type TestDatabase } from './databases';
export { startTestSubgraph, TEST_ADMIN, type TestSubgraph, type TestSubgraphOptions, type GraphqlResult } from './subgraph';
