// Generated: every migration of this dialect, oldest first.
import { Init1795889691556 } from './1795889691556-Init';
import { AuditLog1795893130163 } from './1795893130163-AuditLog';

export const migrations = [Init1795889691556, AuditLog1795893130163];
