import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { notFound, type GridhubContext } from '@gridhub/kit';
import { Grid, gridRef } from '../grid/grid.type';
import { inScope, lineScope, restrictToScope } from '../scope';
import { PowerLineEntity } from './power-line.entity';
import { lineById, spansByLine } from './power-line.loader';
import { PowerLine, PowerSpan } from './power-line.type';

/** A line by id as the caller may see it (queries and federation references): null outside the scope. */
export async function scopedLine(id: number | string, ctx: GridhubContext): Promise<PowerLineEntity | null> {
  const line = await ctx.loaders.get(lineById).load(Number(id));
  return line && inScope(lineScope(ctx.identity), line) ? line : null;
}

@Resolver(() => PowerLine)
export class PowerLineResolver {
  @Query(() => [PowerLine], { description: '10 kV lines in code order; partners see their agency\'s only' })
  powerLines(@Ctx() ctx: GridhubContext) {
    const qb = ctx.db.getRepository(PowerLineEntity).createQueryBuilder('l');
    return restrictToScope(qb, 'l', lineScope(ctx.identity)).orderBy('l.code', 'ASC').getMany();
  }

  @Query(() => PowerLine, { nullable: true, description: 'NOT_FOUND when it does not exist or is outside your scope' })
  async powerLine(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    const line = await scopedLine(id, ctx);
    if (!line) throw notFound('PowerLine', id);
    return line;
  }

  @FieldResolver(() => [PowerSpan], { description: 'Spans in tower order' })
  spans(@Root() l: PowerLine, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(spansByLine).load(l.id);
  }
}

@Resolver(() => PowerSpan)
export class PowerSpanResolver {
  @FieldResolver(() => PowerLine)
  line(@Root() s: PowerSpan, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(lineById).load(s.lineId);
  }

  @FieldResolver(() => Grid, { description: 'The grid the span crosses' })
  grid(@Root() s: PowerSpan) {
    return gridRef(s.gridId);
  }
}
