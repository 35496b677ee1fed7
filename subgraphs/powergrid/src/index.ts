import { defineSubgraph, OutboxEntity, ScopedData, startOutboxDispatcher, type GridEventReport, type SubgraphDefinition } from '@gridhub/kit';
import { HazardCampaignEntity } from './campaign/hazard-campaign.entity';
import { HazardCampaignResolver } from './campaign/hazard-campaign.resolver';
import { gridReference } from './grid/grid.loader';
import { GridTreeHazardsResolver } from './grid/grid.resolver';
import { TreeHazardEntity } from './hazard/tree-hazard.entity';
import { hazardById } from './hazard/tree-hazard.loader';
import { TreeHazardResolver } from './hazard/tree-hazard.resolver';
import { PowerLineEntity, PowerSpanEntity } from './line/power-line.entity';
import { lineById } from './line/power-line.loader';
import { PowerLineResolver, PowerSpanResolver } from './line/power-line.resolver';
import { recordMediationEvent } from './mediation/mediation.service';
import { migrations as mysql } from './migrations/mysql';
import { migrations as sqlite } from './migrations/sqlite';
import { bindDispatcher, type PowergridOptions } from './runtime';

export const entities = [PowerLineEntity, PowerSpanEntity, TreeHazardEntity, HazardCampaignEntity, OutboxEntity];

/**
 * The power-grid partner plug-in: 10 kV lines, their spans, tree hazards (树障) and clearing campaigns; extends
 * `Grid.treeHazards`. Not part of the static graph — it joins by `gridhub subgraph publish`. With `reportEvent`,
 * an outbox dispatcher runs while the subgraph runs and delivers mediation requests as grid events.
 * Start it with `startSubgraph(powergrid(options), { database, identity })`.
 */
export function powergrid(options: PowergridOptions = {}): SubgraphDefinition {
  const { reportEvent } = options;
  return defineSubgraph({
    name: 'powergrid',
    entities,
    migrations: { sqlite, mysql },
    resolvers: [PowerLineResolver, PowerSpanResolver, TreeHazardResolver, HazardCampaignResolver, GridTreeHazardsResolver],
    // Scoped loaders: a line or hazard outside the caller's scope (or missing) is NOT_FOUND by reference too.
    references: { PowerLine: lineById, TreeHazard: hazardById, Grid: gridReference },
    start: reportEvent
      ? (running) => {
          // Delivery acts for no caller: what it touches of the hazards, it touches as the outbox job, in the
          // transaction that marks the message delivered.
          const job = ScopedData.system(running.db, 'outbox');
          const dispatcher = startOutboxDispatcher<GridEventReport>(running.db, (report) => reportEvent(report), {
            intervalMs: options.dispatchIntervalMs,
            maxBackoffMs: options.maxBackoffMs,
            onDelivered: (m, message, result) => recordMediationEvent(new ScopedData(running.db, job.identity, m), message, result),
            log: running.log.child({ component: 'outbox' }),
          });
          bindDispatcher(running.db, dispatcher);
          return () => dispatcher.stop();
        }
      : undefined,
  });
}

export type { PowergridOptions } from './runtime';
export { dispatcherOf } from './runtime';
export { PowerLineEntity, PowerSpanEntity, TreeHazardEntity, HazardCampaignEntity };
export { HazardStatus, HazardLevel } from './hazard/tree-hazard.type';
export { HAZARD_TRANSITIONS, LEVEL_THRESHOLDS, canTransition, levelOf } from './hazard/tree-hazard.machine';
export { DEFAULT_REQUIRED_CLEARANCE_M } from './hazard/tree-hazard.service';
export { MEDIATION_CATEGORY, mediationExternalRef, mediationReport } from './mediation/mediation.service';
export { seedPowergrid, POWERGRID_AGENCIES } from './seed';
