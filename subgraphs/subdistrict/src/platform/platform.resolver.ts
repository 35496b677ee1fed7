import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GridhubContext } from '@gridhub/kit';
import { Subdistrict } from '../subdistrict/subdistrict.type';
import { subdistrictById } from '../subdistrict/subdistrict.loader';
import { PlatformEntity } from './platform.entity';
import { PlatformFilter } from './platform.input';
import { Platform, PlatformCapability } from './platform.type';

@Resolver(() => Platform)
export class PlatformResolver {
  @Query(() => [Platform], { description: 'The smart platforms of the three tiers' })
  async platforms(@Ctx() ctx: GridhubContext, @Arg('filter', () => PlatformFilter, { nullable: true }) filter?: PlatformFilter) {
    const qb = ctx.data.query(PlatformEntity, 'p');
    if (filter?.tier) qb.andWhere('p.tier = :tier', { tier: filter.tier });
    if (filter?.status) qb.andWhere('p.status = :status', { status: filter.status });
    const rows = await qb.orderBy('p.id', 'ASC').getMany();
    return filter?.capability ? rows.filter((p) => p.capabilities.split(',').includes(filter.capability!)) : rows;
  }

  @FieldResolver(() => [PlatformCapability])
  capabilities(@Root() p: Platform): PlatformCapability[] {
    return p.capabilities ? (p.capabilities.split(',') as PlatformCapability[]) : [];
  }

  @FieldResolver(() => Subdistrict)
  subdistrict(@Root() p: Platform, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(subdistrictById).load(p.subdistrictId);
  }
}
