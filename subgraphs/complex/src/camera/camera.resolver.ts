import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Connection, paginate, type GridhubContext } from '@gridhub/kit';
import { ResidentialComplex } from '../complex/complex.type';
import { complexById } from '../complex/complex.loader';
import { DeviceEntity } from '../device/device.entity';
import { AccessDeviceKind, CAMERA_KINDS } from '../device/device.type';
import { Building, buildingRef } from '../federated/federated.type';
import { requireDeviceReader } from '../complex/complex.resolver';
import { CamerasArgs } from './camera.input';
import { Camera } from './camera.type';

const CameraConnection = Connection(Camera);

@Resolver(() => Camera)
export class CameraResolver {
  @Query(() => CameraConnection, { description: 'Video cameras and face cameras' })
  cameras(@Args() { filter, first, after }: CamerasArgs, @Ctx() ctx: GridhubContext) {
    requireDeviceReader(ctx);
    const qb = ctx.data.query(DeviceEntity, 'd');
    if (filter?.faceRecognition != null)
      qb.andWhere('d.kind = :kind', { kind: filter.faceRecognition ? AccessDeviceKind.FACE_CAMERA : AccessDeviceKind.CAMERA });
    else qb.andWhere('d.kind IN (:...kinds)', { kinds: [...CAMERA_KINDS] });
    if (filter?.complexId) qb.andWhere('d.complexId = :complexId', { complexId: Number(filter.complexId) });
    if (filter?.buildingId) qb.andWhere('d.buildingId = :buildingId', { buildingId: Number(filter.buildingId) });
    if (filter?.online != null) qb.andWhere('d.online = :online', { online: filter.online });
    return paginate(qb, { first, after }, { idColumn: 'd.id' });
  }

  @FieldResolver(() => Boolean, { description: 'A face-recognition camera (raises face alarms)' })
  faceRecognition(@Root() c: Camera): boolean {
    return c.kind === AccessDeviceKind.FACE_CAMERA;
  }

  @FieldResolver(() => String, { description: 'The stream on the video platform (a GB/T 28181 channel reference)' })
  streamRef(@Root() c: Camera): string {
    return `gb28181:${c.code}`;
  }

  @FieldResolver(() => ResidentialComplex)
  complex(@Root() c: Camera, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(complexById).load(c.complexId);
  }

  @FieldResolver(() => Building, { nullable: true })
  building(@Root() c: Camera): Building | null {
    return c.buildingId == null ? null : buildingRef(c.buildingId);
  }
}
