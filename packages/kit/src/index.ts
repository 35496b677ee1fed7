import 'reflect-metadata';

export {
  CODE_PATTERN,
  ErrorCodes,
  GridhubError,
  badInput,
  conflict,
  defineErrorCodes,
  errorCodeSpec,
  errorCodeTable,
  errorCodesMarkdown,
  forbidden,
  formatError,
  notFound,
  unauthenticated,
  type ErrorCode,
  type ErrorCodeSpec,
} from './errors';
export { openDatabase, dropDatabase, serverFlavor, dialectOf, mysqlDatabaseName, dataSourceOptions, type DatabaseConfig, type DatabaseOptions, type Dialect } from './db/datasource';
export { generateMigration } from './db/migration-generator';
export type { ReferenceTable } from './db/reference-data';
export { SqlCounter } from './db/sql-counter';
export { LoaderRegistry, defineLoader, byId, groupedBy, pagedBy, countBy, type LoaderDef, type PageKey, type Where } from './db/loaders';
export { ScopedData, type Writer, type AuditedRead } from './data/scoped-data';
export { Governed, governanceOf, governedEntities, isGoverned, columnsFor, type Governance, type GovernedColumns, type AuditRule } from './data/governed';
export {
  Connection, PageArgs, PageInfo, paginate, connectionOf, childConnection, pageSize, encodeCursor, decodeCursor,
  DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ConnectionResult, type SortKey,
} from './graphql/connection';
export {
  defineSubgraph, startSubgraph, buildFederatedSchema, databaseSchemaOf, withAuditLog, withAuditMigrations, standaloneRuntime, FEDERATION_LINK, type SubgraphDefinition,
  type SubgraphOptions, type RunningSubgraph, type GridhubContext, type ReferenceResolver, type SubgraphRuntime, type SubgraphCalls, type CallHeaders,
  type SeedSettings, type SeedProgress, type SubgraphCommand, type SubgraphCommandContext, type SubgraphOutbox,
} from './subgraph';
export { runJobs, type SubgraphJob } from './jobs';
export { serveHttp, readBody, sendJson, requestIdOf, correlationIdOf, BodyTooLarge, type Route, type VerifiedRoute, type RunningHttp, type HttpOptions } from './http';
export { createLogger, REDACTED_PATHS, withRequestId, currentRequestId, type Logger } from './log';
export {
  ServiceMetrics, bindMetrics, metricsOf, recordIngestion, installTracing, ensureTracing, withServerSpan, withClientSpan, activeTraceId,
  traceDataSource, requestLogPlugin, InMemorySpanExporter, type OutboxState, type ServiceMetricsOptions, type Tracing, type TracingOptions,
} from './observability';
export {
  validateIdNumber, checkDigit, maskIdNumber, maskPhone, validatePhone, Sensitive, Classified, SENSITIVE_FIELDS, maskValue, registerSensitiveKind, sensitiveKinds,
  SENSITIVE_DIRECTIVE, CLASSIFIED_DIRECTIVE, PRIVACY_DIRECTIVES, AuditAction, AUDIT_RETENTION_DAYS,
  writeAudit, auditPlugin, purgeAuditLog, AuditEntryEntity, AuditEntry, AuditLogFilter, AuditLogResolver, auditModule,
  type IdNumberInfo, type SensitiveKind, type SensitiveKindSpec, type AuditRuleKind, type AuditRecord,
} from './privacy';
export {
  DataClass, READ_ONLY_ROLES, scopeOf, reachOf, policyOf, dataClasses, registerDataClass, registerOwnerKind, setHomeKinds, applyScope, inScope,
  scopeCondition, visible, found, requireReach, Action, can, requireAction, registerAction, registeredActions,
  registerServiceGrants, serviceGrantsOf, registeredServices, type ServiceGrants,
  type DataClassPolicy, type OwnerKind, type OwnerReach, type Reach, type Scope, type ScopeColumns, type ScopedRow,
} from './scope';
export {
  Role, IDENTITY_HEADER, identityFromClaims, createIdentityKeys, loadOrCreateIdentityKeys, signIdentityToken, identityHeaders, identityVerifier,
  identityKey, identityTokenSigner, IdentityKeyRing, type IdentityTokenSignerOptions, type RotationOptions, type IdentityVerifierOptions,
  type Identity, type IdentityKeys, type IdentityVerification,
} from './identity';
export {
  issueClientToken, clientTokenVerifier, loadOrCreateSecret, parseLifetime, CLIENT_TOKEN_ISSUER, CLIENT_TOKEN_AUDIENCE, DEFAULT_CLIENT_TOKEN_MAX_LIFETIME,
  serviceKeyFile, serviceTokenMinter, SERVICE_KEY_PREFIX, SERVICE_TOKEN_MAX_LIFETIME, type ServiceTokenMinterOptions,
  type ClientTokenOptions, type ClientTokenSource,
} from './client-token';
export { LIKE_ESCAPE, likePrefix, likeContains } from './db/like';
export { isUniqueViolation } from './db/unique';
export { sqlTime, fromSqlTime } from './db/sql-time';
export {
  OutboxEntity, enqueueOutbox, deliverOutbox, undeliveredOutbox, startOutboxDispatcher, exponentialBackoff, reportEventOverHttp, REPORT_EVENT,
  dispatcherOf, terminalRefusal, TERMINAL_REFUSALS, ATTEMPTS_EXHAUSTED, reserveKeyNamespace, keyNamespaceOwner, requireKeyOwner, reservedKeyNamespaces,
  type OutboxMessage, type OutboxSend, type DeliveryResult, type DeliverOptions, type OutboxDispatcher, type OutboxDispatcherOptions,
  type GridEventReport, type ReportEvent, type HttpReportEventOptions,
} from './outbox';
export { serviceClient, serviceOperation, type ServiceClient, type ServiceClientOptions, type ServiceOperation } from './service-client';
export {
  webhooks, defineWebhookEvent, emitWebhookEvent, subscriberOf, WEBHOOK_HEADERS, signWebhook, verifyWebhookSignature, deliverWebhooks, startWebhookDispatcher,
  webhookDispatcherOf, webhookResolver, WebhookEntity, WebhookDeliveryEntity, WebhookType, WebhookDeliveryType, WebhookInput,
  type WebhookModule, type WebhookEventKind, type WebhookBody, type WebhookChange, type VerifyWebhookOptions, type WebhookDispatcher,
  type WebhookDispatcherOptions, type WebhookRunResult,
} from './webhooks';
