// Generated: every migration of this dialect, oldest first.
import { Init1796000000000 } from './1796000000000-Init';
import { HazardIdempotencyKey1796001878647 } from './1796001878647-HazardIdempotencyKey';
import { OutboxDeadLetters1796002000000 } from './1796002000000-OutboxDeadLetters';
import { Webhooks1796005934555 } from './1796005934555-Webhooks';

export const migrations = [Init1796000000000, HazardIdempotencyKey1796001878647, OutboxDeadLetters1796002000000, Webhooks1796005934555];
