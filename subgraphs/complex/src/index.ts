import { Action, DataClass, defineSubgraph, REPORT_EVENT, Role } from '@gridhub/kit';
import type { CommunityPlan } from '@gridhub/seed';
import { AccessRecordEntity } from './access-record/access-record.entity';
import { accessRecordById } from './access-record/access-record.loader';
import { AccessRecordResolver, PersonAccessResolver } from './access-record/access-record.resolver';
import { complexRoutes } from './access-record/access-record.route';
import { CareAlertEntity } from './care-alert/care-alert.entity';
import { cameraById } from './camera/camera.loader';
import { CameraResolver } from './camera/camera.resolver';
import { complexCommands } from './complex.commands';
import { ComplexBuildingEntity, ComplexEntity } from './complex/complex.entity';
import { complexById } from './complex/complex.loader';
import { CommunityComplexesResolver, ComplexResolver } from './complex/complex.resolver';
import { CredentialEntity } from './credential/credential.entity';
import { CredentialResolver, PersonCredentialsResolver } from './credential/credential.resolver';
import { DeviceEntity } from './device/device.entity';
import { markOfflineDevices } from './device/device.heartbeat';
import { deviceById } from './device/device.loader';
import { AccessDeviceResolver, BuildingDevicesResolver } from './device/device.resolver';
import { EventOutboxEntity } from './event-outbox/event-outbox.entity';
import { FaceAlarmEntity } from './face-alarm/face-alarm.entity';
import { FaceAlarmResolver } from './face-alarm/face-alarm.resolver';
import { faceAlarmById } from './face-alarm/face-alarm.loader';
import { migrations as mysql } from './migrations/mysql';
import { migrations as sqlite } from './migrations/sqlite';
import { reportEventOverHttp } from './event-outbox/report-event.client';
import type { ComplexServices } from './runtime';
import { seedComplex } from './seed';
import { VideoSourceEntity } from './video-source/video-source.entity';
import { VideoSourceResolver } from './video-source/video-source.resolver';

const entities = [
  ComplexEntity, ComplexBuildingEntity, DeviceEntity, AccessRecordEntity, CredentialEntity, FaceAlarmEntity, CareAlertEntity, EventOutboxEntity,
  VideoSourceEntity,
];

/** 小区 tier: complexes, access-control devices and door records, cameras, face alarms, care alerts; video streams outside the complexes. */
export const complex = defineSubgraph<ComplexServices>({
  name: 'complex',
  port: 4003,
  entities,
  migrations: { sqlite, mysql },
  resolvers: [
    ComplexResolver, CommunityComplexesResolver, AccessDeviceResolver, BuildingDevicesResolver, CameraResolver,
    AccessRecordResolver, PersonAccessResolver, CredentialResolver, PersonCredentialsResolver, FaceAlarmResolver,
    VideoSourceResolver,
  ],
  references: {
    ResidentialComplex: complexById, AccessDevice: deviceById, AccessRecord: accessRecordById, Camera: cameraById, FaceAlarm: faceAlarmById,
  },
  // Care and face-alarm events go to the subdistrict as the complex's service identity: it may report DEVICE events
  // (into any grid: where the complex or the resident is) and read the categories they name, nothing else.
  calls: {
    identity: { subject: 'service:complex', role: Role.SERVICE, name: 'complex subgraph' },
    grants: { actions: [Action.REPORT_DEVICE], reach: { [DataClass.REFERENCE]: 'all' }, write: { [DataClass.EVENTS]: 'all' } },
    audiences: ['subdistrict'],
    documents: [REPORT_EVENT],
  },
  // Without the subdistrict's URL, events wait in the outbox for an instance that has it.
  services: ({ urls, callHeaders }): ComplexServices => ({
    reportEvent: urls.subdistrict ? reportEventOverHttp({ url: urls.subdistrict, headers: callHeaders('subdistrict') }) : undefined,
  }),
  routes: (running) => complexRoutes(running.services),
  // Confirmed face alarms' and care alerts' events go out through the kit's outbox dispatcher: at once when the
  // subdistrict is up, later by the background loop when it was down, dead letters for refusals.
  outbox: {
    send: ({ reportEvent }) => reportEvent,
    timing: ({ dispatchIntervalMs, maxBackoffMs }) => ({ intervalMs: dispatchIntervalMs, maxBackoffMs }),
  },
  seed: (db, plan: CommunityPlan, settings, progress) => seedComplex(db, plan, { recordsPerDevicePerDay: settings.accessRecordsPerDevice }, progress),
  commands: complexCommands,
  jobs: [
    // A device that sends neither records nor keep-alives for 15 minutes shows OFFLINE; its next batch brings it back.
    { name: 'mark-offline-devices', everyMs: 60_000, run: (running) => markOfflineDevices(running.db) },
  ],
});
