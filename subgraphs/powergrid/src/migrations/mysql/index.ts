// Generated: every migration of this dialect, oldest first.
import { Init1796000000000 } from './1796000000000-Init';

export const migrations = [Init1796000000000];
