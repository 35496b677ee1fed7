import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GridhubContext } from '@gridhub/kit';
import { Subdistrict } from '../subdistrict/subdistrict.type';
import { subdistrictById } from '../subdistrict/subdistrict.loader';
import { DepartmentEntity } from './department.entity';
import { Department } from './department.type';

@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => [Department], { description: 'Departments events can be assigned to' })
  departments(@Ctx() ctx: GridhubContext) {
    return ctx.data.query(DepartmentEntity, 'd').orderBy('d.id', 'ASC').getMany();
  }

  @FieldResolver(() => Subdistrict)
  subdistrict(@Root() d: Department, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(subdistrictById).load(d.subdistrictId);
  }
}
