// Generated: every migration of this dialect, oldest first.
import { Init1795900000000 } from './1795900000000-Init';

export const migrations = [Init1795900000000];
