import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { badInput, type GridhubContext } from '@gridhub/kit';
import { CalendarDayEntity } from './calendar.entity';
import { CalendarDay } from './calendar.type';

@Resolver(() => CalendarDay)
export class CalendarResolver {
  @Query(() => [CalendarDay], {
    description: 'The working calendar of a year: statutory holidays on weekdays and working weekend days (every other day is Monday–Friday work). Deadlines in working days count on it',
  })
  workingCalendar(@Arg('year', () => Int) year: number, @Ctx() ctx: GridhubContext) {
    if (!(year >= 2000 && year <= 2100)) throw badInput('year must be between 2000 and 2100', { year });
    return ctx.data
      .query(CalendarDayEntity, 'c')
      .andWhere('c.day >= :from AND c.day <= :to', { from: `${year}-01-01`, to: `${year}-12-31` })
      .orderBy('c.day', 'ASC')
      .getMany();
  }
}
