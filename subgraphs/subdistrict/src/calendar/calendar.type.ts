import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum CalendarDayKind {
  HOLIDAY = 'HOLIDAY',
  WORKDAY = 'WORKDAY',
}
registerEnumType(CalendarDayKind, { name: 'CalendarDayKind', description: 'HOLIDAY: a weekday off; WORKDAY: a weekend day worked (调休)' });

@ObjectType({ description: 'A day that is not what its weekday says: a statutory holiday on a weekday, or a working weekend day' })
export class CalendarDay {
  @Field({ description: 'YYYY-MM-DD (China Standard Time)' }) day: string;
  @Field(() => CalendarDayKind) kind: CalendarDayKind;
  @Field() name: string;
}
