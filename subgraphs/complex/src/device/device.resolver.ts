import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Connection, found, paginate, type GridhubContext } from '@gridhub/kit';
import { ResidentialComplex } from '../complex/complex.type';
import { complexById } from '../complex/complex.loader';
import { requireDeviceReader } from '../complex/complex.resolver';
import { Building, buildingRef } from '../federated/federated.type';
import { AccessRecordConnection, recordConnection } from '../access-record/access-record.resolver';
import { DeviceRecordsArgs } from '../access-record/access-record.input';
import { recentRecordsByDevice, recordCountByDevice } from '../access-record/access-record.loader';
import { DeviceEntity } from './device.entity';
import { AccessDevicesArgs } from './device.input';
import { accessDevicesByBuilding, deviceById } from './device.loader';
import { ACCESS_KINDS, AccessDevice } from './device.type';

const AccessDeviceConnection = Connection(AccessDevice);

@Resolver(() => AccessDevice)
export class AccessDeviceResolver {
  @Query(() => AccessDevice, { nullable: true })
  async accessDevice(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    requireDeviceReader(ctx);
    return found(await ctx.loaders.get(deviceById).load(Number(id)), 'AccessDevice', id);
  }

  @Query(() => AccessDeviceConnection, { description: 'Devices by complex, building, online status and kind (access-control kinds unless `kind` is given)' })
  accessDevices(@Args() { filter, first, after }: AccessDevicesArgs, @Ctx() ctx: GridhubContext) {
    requireDeviceReader(ctx);
    const qb = ctx.data.query(DeviceEntity, 'd');
    if (filter?.kind) qb.andWhere('d.kind = :kind', { kind: filter.kind });
    else qb.andWhere('d.kind IN (:...kinds)', { kinds: [...ACCESS_KINDS] });
    if (filter?.complexId) qb.andWhere('d.complexId = :complexId', { complexId: Number(filter.complexId) });
    if (filter?.buildingId) qb.andWhere('d.buildingId = :buildingId', { buildingId: Number(filter.buildingId) });
    if (filter?.online != null) qb.andWhere('d.online = :online', { online: filter.online });
    return paginate(qb, { first, after }, { idColumn: 'd.id' });
  }

  @FieldResolver(() => ResidentialComplex)
  complex(@Root() d: AccessDevice, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(complexById).load(d.complexId);
  }

  @FieldResolver(() => Building, { nullable: true })
  building(@Root() d: AccessDevice): Building | null {
    return d.buildingId == null ? null : buildingRef(d.buildingId);
  }

  @FieldResolver(() => AccessRecordConnection, { description: 'Door records of the device, newest first, optionally in [since, until)' })
  accessRecords(@Root() d: AccessDevice, @Args() args: DeviceRecordsArgs, @Ctx() ctx: GridhubContext) {
    return recordConnection(ctx, { page: recentRecordsByDevice, count: recordCountByDevice }, d.id, args);
  }
}

@Resolver(() => Building)
export class BuildingDevicesResolver {
  @FieldResolver(() => [AccessDevice], { description: 'Unit doors and other access-control devices of the building (complex subgraph)' })
  accessDevices(@Root() b: Building, @Ctx() ctx: GridhubContext) {
    requireDeviceReader(ctx);
    return ctx.loaders.get(accessDevicesByBuilding).load(Number(b.id));
  }
}
