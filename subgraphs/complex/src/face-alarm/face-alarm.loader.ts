import { byId } from '@gridhub/kit';
import { FaceAlarmEntity } from './face-alarm.entity';

export const faceAlarmById = byId(FaceAlarmEntity, 'faceAlarmById');
