import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { notFound, type GridhubContext } from '@gridhub/kit';
import { Grid, gridRef } from '../grid/grid.type';
import { numericId } from '../ids';
import { PowerLineEntity } from './power-line.entity';
import { lineById, spansByLine } from './power-line.loader';
import { PowerLine, PowerSpan } from './power-line.type';

@Resolver(() => PowerLine)
export class PowerLineResolver {
  @Query(() => [PowerLine], { description: '10 kV lines you may see (partners: their agency\'s), in code order' })
  powerLines(@Ctx() ctx: GridhubContext) {
    return ctx.data.query(PowerLineEntity, 'l').orderBy('l.code', 'ASC').getMany();
  }

  @Query(() => PowerLine, { nullable: true, description: 'NOT_FOUND when it does not exist or is outside your scope' })
  async powerLine(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    const key = numericId(id);
    const line = key === null ? null : await ctx.loaders.get(lineById).load(key);
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
