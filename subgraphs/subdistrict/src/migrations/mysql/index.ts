// Generated: every migration of this dialect, oldest first.
import { Init1795900000000 } from './1795900000000-Init';
import { ReferenceData1795900000001 } from './1795900000001-ReferenceData';

export const migrations = [Init1795900000000, ReferenceData1795900000001];
