import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EventPriority } from '../event/event.enums';
import { TimeUnit } from './deadline';

registerEnumType(TimeUnit, { name: 'TimeUnit', description: 'HOURS, or WORKING_DAYS (Monday to Friday, China Standard Time)' });

@ObjectType({ description: 'A time limit' })
export class TimeLimit {
  @Field(() => Int) amount: number;
  @Field(() => TimeUnit) unit: TimeUnit;
}

@ObjectType({ description: '处置时限: time limits of one first-level category at one priority' })
export class DeadlinePolicy {
  @Field(() => EventPriority) priority: EventPriority;
  @Field(() => TimeLimit, { description: 'From the report to acceptance' }) accept: TimeLimit;
  @Field(() => TimeLimit, { description: 'From the report to resolution' }) handle: TimeLimit;
  @Field(() => TimeLimit, { description: 'From the resolution to verification' }) verify: TimeLimit;
}

@ObjectType({ description: 'A grid-event category: first level (e.g. DISPUTE) or second level (DISPUTE_LAND)' })
export class EventCategory {
  @Field() code: string;
  @Field() name: string;
  @Field() nameZh: string;
  parentCode: string | null;
  position: number;
}
