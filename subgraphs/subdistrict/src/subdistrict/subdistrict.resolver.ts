import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { notFound, type GridhubContext } from '@gridhub/kit';
import { Department } from '../department/department.type';
import { departmentsBySubdistrict } from '../department/department.loader';
import { Platform } from '../platform/platform.type';
import { platformsBySubdistrict } from '../platform/platform.loader';
import { SubdistrictEntity } from './subdistrict.entity';
import { subdistrictById } from './subdistrict.loader';
import { Subdistrict } from './subdistrict.type';

@Resolver(() => Subdistrict)
export class SubdistrictResolver {
  @Query(() => Subdistrict, { nullable: true })
  async subdistrict(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    const found = await ctx.loaders.get(subdistrictById).load(Number(id));
    if (!found) throw notFound('Subdistrict', id);
    return found;
  }

  @Query(() => [Subdistrict], { description: 'Every subdistrict served by this hub (one in the reference deployment)' })
  subdistricts(@Ctx() ctx: GridhubContext) {
    return ctx.data.query(SubdistrictEntity, 's').orderBy('s.id', 'ASC').getMany();
  }

  @FieldResolver(() => [Platform], { description: 'The smart platforms of all three tiers in this subdistrict' })
  platforms(@Root() s: Subdistrict, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(platformsBySubdistrict).load(s.id);
  }

  @FieldResolver(() => [Department])
  departments(@Root() s: Subdistrict, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(departmentsBySubdistrict).load(s.id);
  }
}
