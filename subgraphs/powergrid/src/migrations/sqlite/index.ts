// Generated: every migration of this dialect, oldest first.
import { Init1796000000000 } from './1796000000000-Init';
import { HazardIdempotencyKey1796001878647 } from './1796001878647-HazardIdempotencyKey';

export const migrations = [Init1796000000000, HazardIdempotencyKey1796001878647];
