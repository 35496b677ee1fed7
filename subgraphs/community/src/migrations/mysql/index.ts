// Generated: every migration of this dialect, oldest first.
import { Init1795889691556 } from './1795889691556-Init';

// The audit table's migration (AuditLog1795893130163) is the kit's, added to every subgraph by databaseSchemaOf.
export const migrations = [Init1795889691556];
