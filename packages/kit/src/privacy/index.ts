export { validateIdNumber, checkDigit, maskIdNumber, maskPhone, validatePhone, type IdNumberInfo } from './identity-numbers';
export {
  Sensitive, Classified, SENSITIVE_FIELDS, maskValue, registerSensitiveKind, sensitiveKinds, SENSITIVE_DIRECTIVE, CLASSIFIED_DIRECTIVE, PRIVACY_DIRECTIVES,
  type SensitiveKind, type SensitiveKindSpec, type AuditRuleKind,
} from './sensitive';
export { AuditAction, AUDIT_RETENTION_DAYS, writeAudit, auditPlugin, purgeAuditLog, type AuditRecord } from './audit';
export { AuditEntryEntity } from './audit.entity';
export { AuditEntry, AuditLogFilter, AuditLogResolver } from './audit.resolver';
import { AuditEntryEntity } from './audit.entity';
import { AuditLogResolver } from './audit.resolver';

/** The audit module a subgraph mounts (its entities and resolvers): the table lives in that subgraph's database. */
export const auditModule = { entities: [AuditEntryEntity], resolvers: [AuditLogResolver] } as const;
