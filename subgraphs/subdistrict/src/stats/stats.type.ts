import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Community, Grid } from '../grid/grid.type';

@ObjectType({ description: 'A count under a key (a status, a category code, a source)' })
export class KeyCount {
  @Field() key: string;
  @Field(() => Int) count: number;
}

@ObjectType()
export class CommunityCount {
  @Field(() => ID) communityId: number;
  @Field(() => Community) community: Community;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'Events of one grid (a heat-map cell)' })
export class GridCount {
  @Field(() => ID) gridId: number;
  @Field(() => Grid) grid: Grid;
  @Field(() => Int) count: number;
  @Field(() => Int, { description: 'Not in a final status (REJECTED, ESCALATED, CLOSED)' }) open: number;
  @Field(() => Int, { description: 'Open and past the deadline of their current stage at `asOf`' }) overdue: number;
}

@ObjectType({ description: 'Governance figures of the events reported in [from, to)' })
export class GovernanceStats {
  @Field() from: Date;
  @Field() to: Date;
  @Field({ description: 'The moment overdue and supervision are judged at' }) asOf: Date;
  @Field(() => Int) total: number;
  @Field(() => [KeyCount]) byStatus: KeyCount[];
  @Field(() => [KeyCount], { description: 'By first-level category' }) byCategory: KeyCount[];
  @Field(() => [KeyCount]) bySource: KeyCount[];
  @Field(() => [CommunityCount]) byCommunity: CommunityCount[];
  @Field(() => [GridCount], { description: 'Per grid, for a heat map; grids without events are absent' }) byGrid: GridCount[];
  @Field(() => Int) closed: number;
  @Field(() => Float, { description: 'closed / total (0 when there are no events)' }) closureRate: number;
  @Field(() => Int, { description: 'Closed events resolved within their handling deadline' }) closedOnTime: number;
  @Field(() => Float, { description: 'closedOnTime / closed (0 when none closed)' }) onTimeRate: number;
  @Field(() => Int, { nullable: true, description: 'Median report-to-close time of closed events (nearest rank), seconds' }) medianSecondsToClose: number | null;
  @Field(() => Int, { nullable: true, description: '90th percentile report-to-close time (nearest rank), seconds' }) p90SecondsToClose: number | null;
  @Field(() => Int, { description: 'Open events past the deadline of their current stage' }) overdue: number;
  @Field(() => Int, { description: 'Open events under YELLOW supervision' }) supervisedYellow: number;
  @Field(() => Int, { description: 'Open events under RED supervision' }) supervisedRed: number;
}
