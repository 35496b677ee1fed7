// Generated: every migration of this dialect, oldest first.
import { Registry1795890308399 } from './1795890308399-Registry';

export const migrations = [Registry1795890308399];
