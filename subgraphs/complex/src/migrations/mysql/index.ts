// Generated: every migration of this dialect, oldest first.
import { Init1795900000000 } from './1795900000000-Init';
import { DeviceGrid1795990610233 } from './1795990610233-DeviceGrid';
import { OutboxDeadLetters1796001577635 } from './1796001577635-OutboxDeadLetters';
import { VideoSources1796003073542 } from './1796003073542-VideoSources';
import { DemonstrationComplex1796003353345 } from './1796003353345-DemonstrationComplex';

export const migrations = [Init1795900000000, DeviceGrid1795990610233, OutboxDeadLetters1796001577635, VideoSources1796003073542, DemonstrationComplex1796003353345];
