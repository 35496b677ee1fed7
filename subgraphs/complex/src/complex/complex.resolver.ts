import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { DataClass, found, requireReach, type GridhubContext } from '@gridhub/kit';
import { Building, Community, buildingRef, communityRef } from '../federated/federated.type';
import { AccessDevice } from '../device/device.type';
import { Camera } from '../camera/camera.type';
import { accessDevicesByComplex, camerasByComplex } from '../device/device.loader';

/** Complexes, devices and cameras: every role reaching the DEVICES class (partners see grid boundaries only). */
export const requireDeviceReader = (ctx: GridhubContext) => requireReach(ctx.identity, DataClass.DEVICES, 'read complex devices');
import { ComplexEntity } from './complex.entity';
import { complexById, complexesByCommunity, buildingsByComplex } from './complex.loader';
import { ResidentialComplex } from './complex.type';

@Resolver(() => ResidentialComplex)
export class ComplexResolver {
  @Query(() => ResidentialComplex, { nullable: true })
  async complex(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    requireDeviceReader(ctx);
    return found(await ctx.loaders.get(complexById).load(Number(id)), 'ResidentialComplex', id);
  }

  @Query(() => [ResidentialComplex], { description: 'Complexes of a community (all when no community is given)' })
  async complexes(@Ctx() ctx: GridhubContext, @Arg('communityId', () => ID, { nullable: true }) communityId?: string) {
    requireDeviceReader(ctx);
    return communityId
      ? ctx.loaders.get(complexesByCommunity).load(Number(communityId))
      : ctx.data.query(ComplexEntity, 'c').orderBy('c.id', 'ASC').getMany();
  }

  @FieldResolver(() => Community)
  community(@Root() c: ResidentialComplex): Community {
    return communityRef(c.communityId);
  }

  @FieldResolver(() => [Building], { description: 'Buildings of the complex (resolved by the community subgraph)' })
  async buildings(@Root() c: ResidentialComplex, @Ctx() ctx: GridhubContext): Promise<Building[]> {
    return (await ctx.loaders.get(buildingsByComplex).load(c.id)).map((b) => buildingRef(b.buildingId));
  }

  @FieldResolver(() => [AccessDevice], { description: 'Gates, unit doors and barriers' })
  accessDevices(@Root() c: ResidentialComplex, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(accessDevicesByComplex).load(c.id);
  }

  @FieldResolver(() => [Camera])
  cameras(@Root() c: ResidentialComplex, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(camerasByComplex).load(c.id);
  }
}

@Resolver(() => Community)
export class CommunityComplexesResolver {
  @FieldResolver(() => [ResidentialComplex], { description: 'Residential complexes of the community (complex subgraph)' })
  async complexes(@Root() c: Community, @Ctx() ctx: GridhubContext) {
    requireDeviceReader(ctx);
    return ctx.loaders.get(complexesByCommunity).load(Number(c.id));
  }
}
