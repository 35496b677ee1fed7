// Generated: every migration of this dialect, oldest first.
import { Init1795889691556 } from './1795889691556-Init';

export const migrations = [Init1795889691556];
