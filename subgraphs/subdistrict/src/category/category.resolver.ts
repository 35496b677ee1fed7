import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GridhubContext } from '@gridhub/kit';
import type { EventPriority } from '../event/event.enums';
import { EventCategoryEntity } from './category.entity';
import { categoriesByParent, categoryByCode, policiesByCategory } from './category.loader';
import { DeadlinePolicy, EventCategory } from './category.type';
import type { TimeUnit } from './deadline';

@Resolver(() => EventCategory)
export class EventCategoryResolver {
  @Query(() => [EventCategory], { description: 'The category tree: first-level categories (ask for `children`), or every category with `flat: true`' })
  eventCategories(@Ctx() ctx: GridhubContext, @Arg('flat', { defaultValue: false }) flat: boolean) {
    const qb = ctx.data.query(EventCategoryEntity, 'c');
    if (!flat) qb.andWhere('c.parentCode IS NULL');
    return qb.orderBy('c.parentCode', 'ASC').addOrderBy('c.position', 'ASC').getMany();
  }

  @FieldResolver(() => EventCategory, { nullable: true })
  parent(@Root() c: EventCategory, @Ctx() ctx: GridhubContext) {
    return c.parentCode == null ? null : ctx.loaders.get(categoryByCode).load(c.parentCode);
  }

  @FieldResolver(() => [EventCategory])
  children(@Root() c: EventCategory, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(categoriesByParent).load(c.code);
  }

  @FieldResolver(() => [DeadlinePolicy], { description: 'Time limits per priority (of the first-level category)' })
  async policies(@Root() c: EventCategory, @Ctx() ctx: GridhubContext): Promise<DeadlinePolicy[]> {
    const rows = await ctx.loaders.get(policiesByCategory).load(c.parentCode ?? c.code);
    return rows.map((p) => ({
      priority: p.priority as EventPriority,
      accept: { amount: p.acceptAmount, unit: p.acceptUnit as TimeUnit },
      handle: { amount: p.handleAmount, unit: p.handleUnit as TimeUnit },
      verify: { amount: p.verifyAmount, unit: p.verifyUnit as TimeUnit },
    }));
  }
}
