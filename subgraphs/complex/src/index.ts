import { defineSubgraph, type SubgraphDefinition } from '@gridhub/kit';
import { AccessRecordEntity } from './access-record/access-record.entity';
import { accessRecordById } from './access-record/access-record.loader';
import { AccessRecordResolver, PersonAccessResolver } from './access-record/access-record.resolver';
import { complexRoutes } from './access-record/access-record.route';
import { CareAlertEntity } from './care-alert/care-alert.entity';
import { cameraById } from './camera/camera.loader';
import { CameraResolver } from './camera/camera.resolver';
import { ComplexBuildingEntity, ComplexEntity } from './complex/complex.entity';
import { complexById } from './complex/complex.loader';
import { CommunityComplexesResolver, ComplexResolver } from './complex/complex.resolver';
import { CredentialEntity } from './credential/credential.entity';
import { CredentialResolver, PersonCredentialsResolver } from './credential/credential.resolver';
import { DeviceEntity } from './device/device.entity';
import { deviceById } from './device/device.loader';
import { AccessDeviceResolver, BuildingDevicesResolver } from './device/device.resolver';
import { EventOutboxEntity } from './event-outbox/event-outbox.entity';
import { deliverReports } from './event-outbox/event-outbox.service';
import { FaceAlarmEntity } from './face-alarm/face-alarm.entity';
import { FaceAlarmResolver } from './face-alarm/face-alarm.resolver';
import { faceAlarmById } from './face-alarm/face-alarm.loader';
import { migrations as mysql } from './migrations/mysql';
import { migrations as sqlite } from './migrations/sqlite';
import type { ComplexOptions, ComplexServices } from './runtime';

export const entities = [
  ComplexEntity, ComplexBuildingEntity, DeviceEntity, AccessRecordEntity, CredentialEntity, FaceAlarmEntity, CareAlertEntity, EventOutboxEntity,
];

/**
 * 小区 tier: complexes, access-control devices and door records, cameras, face alarms, care alerts.
 * Start it with `startSubgraph(createComplexSubgraph(options), { database, identity })`.
 */
export function createComplexSubgraph(options: ComplexOptions = {}): SubgraphDefinition<ComplexServices> {
  const services: ComplexServices = { ...options };
  return defineSubgraph<ComplexServices>({
    name: 'complex',
    entities,
    migrations: { sqlite, mysql },
    resolvers: [
      ComplexResolver, CommunityComplexesResolver, AccessDeviceResolver, BuildingDevicesResolver, CameraResolver,
      AccessRecordResolver, PersonAccessResolver, CredentialResolver, PersonCredentialsResolver, FaceAlarmResolver,
    ],
    references: {
      ResidentialComplex: complexById, AccessDevice: deviceById, AccessRecord: accessRecordById, Camera: cameraById, FaceAlarm: faceAlarmById,
    },
    routes: complexRoutes('complex', options),
    services,
    // Delivery of confirmed face alarms' events works on the outbox with the database; resolvers get only this function.
    start: (sg) => {
      const { reportEvent } = options;
      if (reportEvent) services.deliverReports = (externalRefs) => deliverReports(sg.db, reportEvent, { externalRefs });
      return async () => {
        services.deliverReports = undefined;
      };
    },
  });
}

/** The definition without event delivery (schema printing, composition); its ingestion endpoint refuses every request. */
export const complex = createComplexSubgraph();

export type { ComplexOptions, ComplexServices } from './runtime';
export { ingestAccessRecords, parseNdjson, DEFAULT_FUTURE_TOLERANCE_MS, type IngestOptions } from './access-record/access-record.ingest';
export { purgeAccessRecords, retentionCutoff, DEFAULT_RETENTION_DAYS } from './access-record/access-record.retention';
export { INGEST_PATH, DEFAULT_INGEST_BODY_BYTES } from './access-record/access-record.route';
export { runCareAlerts, careAlertExternalRef, type CareAlertOptions, type CareAlertRun, type ElderlyResident } from './care-alert/care-alert.job';
export { deliverReports, undeliveredReports, type DeliveryResult } from './event-outbox/event-outbox.service';
export { reportEventOverHttp, type ReportEvent, type GridEventReport, type HttpReportEventOptions } from './event-outbox/report-event.client';
export { registerCredential, revokeCredential } from './credential/credential.service';
export { recordFaceAlarm, decideFaceAlarm, faceAlarmExternalRef } from './face-alarm/face-alarm.service';
export { markOfflineDevices } from './device/device.heartbeat';
export { deviceCode, DEVICE_TYPE_CODES } from './device/device-code';
export { AccessDeviceKind, DeviceDirection } from './device/device.type';
export { AccessCredential, AccessDirection, AccessResult, IngestRejectionCode, type IngestResult, type IngestRejection } from './access-record/access-record.type';
export { CredentialKind } from './credential/credential.type';
export { FaceAlarmStatus, FaceAlarmDecision } from './face-alarm/face-alarm.type';
export {
  ComplexEntity, ComplexBuildingEntity, DeviceEntity, AccessRecordEntity, CredentialEntity, FaceAlarmEntity, CareAlertEntity, EventOutboxEntity,
};
export { seedComplex } from './seed';
