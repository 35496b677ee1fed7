// Generated: every migration of this dialect, oldest first.
import { Init1795889691556 } from './1795889691556-Init';
import { GridBoundary1796001460205 } from './1796001460205-GridBoundary';
import { VolunteersWechatGroups1796002185860 } from './1796002185860-VolunteersWechatGroups';

export const migrations = [Init1795889691556, GridBoundary1796001460205, VolunteersWechatGroups1796002185860];
