import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, dispatcherOf, notFound, paginate, webhookDispatcherOf, type GridhubContext } from '@gridhub/kit';
import { HazardCampaign } from '../campaign/hazard-campaign.type';
import { campaignById } from '../campaign/hazard-campaign.loader';
import { Grid, gridRef } from '../grid/grid.type';
import { numericId } from '../ids';
import { lineById, spanById } from '../line/power-line.loader';
import { PowerLine, PowerSpan } from '../line/power-line.type';
import { requestMediation } from '../mediation/mediation.service';
import { TreeHazardEntity } from './tree-hazard.entity';
import { ReportTreeHazardInput, TreeHazardsArgs, UpdateTreeHazardInput } from './tree-hazard.input';
import { hazardById } from './tree-hazard.loader';
import { reportTreeHazard, updateTreeHazard } from './tree-hazard.service';
import { TreeHazard } from './tree-hazard.type';

export const TreeHazardConnection = Connection(TreeHazard);

@Resolver(() => TreeHazard)
export class TreeHazardResolver {
  @Query(() => TreeHazardConnection, { description: 'Tree hazards you may see (partners: their agency\'s; the community tier: in its grids), newest first' })
  treeHazards(@Args() { filter, first, after }: TreeHazardsArgs, @Ctx() ctx: GridhubContext) {
    const qb = ctx.data.query(TreeHazardEntity, 'h');
    if (filter?.status?.length) qb.andWhere('h.status IN (:...status)', { status: filter.status });
    if (filter?.level) qb.andWhere('h.level = :level', { level: filter.level });
    if (filter?.lineId) qb.andWhere('h.lineId = :lineId', { lineId: Number(filter.lineId) });
    if (filter?.gridId) qb.andWhere('h.gridId = :gridId', { gridId: Number(filter.gridId) });
    if (filter?.campaignId) qb.andWhere('h.campaignId = :campaignId', { campaignId: Number(filter.campaignId) });
    if (filter?.clearedFrom) qb.andWhere('h.clearedAt >= :clearedFrom', { clearedFrom: filter.clearedFrom });
    if (filter?.clearedBefore) qb.andWhere('h.clearedAt < :clearedBefore', { clearedBefore: filter.clearedBefore });
    return paginate(qb, { first, after }, { idColumn: 'h.id', sort: { column: 'h.reportedAt', property: 'reportedAt', direction: 'DESC' } });
  }

  @Query(() => TreeHazard, { nullable: true, description: 'NOT_FOUND when it does not exist or is outside your scope' })
  async treeHazard(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    const key = numericId(id);
    const hazard = key === null ? null : await ctx.loaders.get(hazardById).load(key);
    if (!hazard) throw notFound('TreeHazard', id);
    return hazard;
  }

  @Mutation(() => TreeHazard, { description: 'Report a hazard on a span of one of your agency\'s lines (status REPORTED)' })
  async reportTreeHazard(@Arg('input') input: ReportTreeHazardInput, @Ctx() ctx: GridhubContext) {
    const hazard = await reportTreeHazard(ctx.data, input);
    webhookDispatcherOf(ctx.data.connection)?.kick();
    return hazard;
  }

  @Mutation(() => TreeHazard, {
    description: 'Change a hazard read at `expectedVersion`. CONFLICT: stale version; BAD_USER_INPUT: a status change the table does not allow. Nothing is written on refusal.',
  })
  async updateTreeHazard(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input') input: UpdateTreeHazardInput,
    @Ctx() ctx: GridhubContext,
  ) {
    const hazard = await updateTreeHazard(ctx.data, id, expectedVersion, input);
    webhookDispatcherOf(ctx.data.connection)?.kick();
    return hazard;
  }

  @Mutation(() => TreeHazard, {
    description:
      'Ask the village committee to mediate (the hazard becomes NEGOTIATING): raises a grid event (INFRA_TREE_HAZARD, source PARTNER) ' +
      'in the subdistrict subgraph through an outbox; `mediationEventId` is set once it is delivered.',
  })
  async requestMediation(
    @Arg('hazardId', () => ID) hazardId: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('reason') reason: string,
    @Ctx() ctx: GridhubContext,
  ) {
    const hazard = await requestMediation(ctx.data, hazardId, expectedVersion, reason);
    dispatcherOf(ctx.data.connection)?.kick();
    webhookDispatcherOf(ctx.data.connection)?.kick();
    return hazard;
  }

  @FieldResolver(() => PowerLine)
  line(@Root() h: TreeHazard, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(lineById).load(h.lineId);
  }

  @FieldResolver(() => PowerSpan)
  span(@Root() h: TreeHazard, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(spanById).load(h.spanId);
  }

  @FieldResolver(() => Grid, { description: 'The grid by location (the span\'s)' })
  grid(@Root() h: TreeHazard) {
    return gridRef(h.gridId);
  }

  @FieldResolver(() => HazardCampaign, { nullable: true })
  campaign(@Root() h: TreeHazard, @Ctx() ctx: GridhubContext) {
    return h.campaignId == null ? null : ctx.loaders.get(campaignById).load(h.campaignId);
  }

  @FieldResolver(() => Number, { description: 'Required minus measured clearance, metres' })
  clearanceDeficitM(@Root() h: TreeHazard) {
    return Math.round((h.requiredClearanceM - h.measuredClearanceM) * 100) / 100;
  }
}
