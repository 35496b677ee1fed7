import 'reflect-metadata';

export { ErrorCodes, GridhubError, badInput, conflict, forbidden, notFound, unauthenticated, type ErrorCode } from './errors';
export { openDatabase, dropDatabase, dialectOf, mysqlDatabaseName, dataSourceOptions, type DatabaseConfig, type DatabaseOptions, type Dialect } from './db/datasource';
export { generateMigration } from './db/migration-generator';
export { SqlCounter } from './db/sql-counter';
export { LoaderRegistry, defineLoader, byId, groupedBy, pagedBy, countBy, type LoaderDef, type PageKey } from './db/loaders';
export {
  Connection, PageArgs, PageInfo, paginate, connectionOf, childConnection, pageSize, encodeCursor, decodeCursor,
  DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ConnectionResult, type SortKey,
} from './graphql/connection';
export { defineSubgraph, startSubgraph, buildFederatedSchema, formatError, FEDERATION_LINK, type SubgraphDefinition, type SubgraphOptions, type RunningSubgraph, type GridhubContext } from './subgraph';
export { serveHttp, readBody, sendJson, requestIdOf, BodyTooLarge, type Route, type RunningHttp, type HttpOptions } from './http';
export { createLogger, REDACTED_PATHS, type Logger } from './log';
export { validateIdNumber, checkDigit, maskIdNumber, maskPhone, validatePhone, type IdNumberInfo } from './privacy/identity-numbers';
export {
  Role, IDENTITY_HEADER, identityFromClaims, createIdentityKeys, loadOrCreateIdentityKeys, signIdentityToken, identityHeaders, identityVerifier,
  type Identity, type IdentityKeys, type IdentityVerification,
} from './identity';
export { issueClientToken, clientTokenVerifier, loadOrCreateSecret, CLIENT_TOKEN_ISSUER, type ClientTokenSource } from './client-token';
export { LIKE_ESCAPE, likePrefix, likeContains } from './db/like';
