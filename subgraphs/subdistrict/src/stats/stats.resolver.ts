import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Action, badInput, requireAction, type GridhubContext } from '@gridhub/kit';
import { governanceStats } from './stats.service';
import { GovernanceStats } from './stats.type';

@Resolver(() => GovernanceStats)
export class GovernanceStatsResolver {
  @Query(() => GovernanceStats, { description: 'Governance figures of events reported in [from, to), within the caller\'s scope' })
  governanceStats(
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Ctx() ctx: GridhubContext,
    @Arg('asOf', () => Date, { nullable: true, description: 'When overdue and supervision are judged (default: now)' }) asOf?: Date,
  ) {
    if (!(from.getTime() < to.getTime())) throw badInput('from must be before to', { field: 'from' });
    requireAction(ctx.identity, Action.STATS_READ, 'see governance statistics');
    return governanceStats(ctx.data, from, to, asOf ?? new Date());
  }
}
