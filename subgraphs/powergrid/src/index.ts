import { Action, DataClass, defineSubgraph, OutboxEntity, REPORT_EVENT, reportEventOverHttp, Role, type GridEventReport, type OutboxMessage } from '@gridhub/kit';
import type { CommunityPlan } from '@gridhub/seed';
import { HazardCampaignEntity } from './campaign/hazard-campaign.entity';
import { HazardCampaignResolver } from './campaign/hazard-campaign.resolver';
import { gridReference } from './grid/grid.loader';
import { GridTreeHazardsResolver } from './grid/grid.resolver';
import { TreeHazardEntity } from './hazard/tree-hazard.entity';
import { hazardById } from './hazard/tree-hazard.loader';
import { TreeHazardResolver } from './hazard/tree-hazard.resolver';
import { powergridWebhooks } from './hazard/tree-hazard.webhooks';
import { PowerLineEntity, PowerSpanEntity } from './line/power-line.entity';
import { lineById } from './line/power-line.loader';
import { PowerLineResolver, PowerSpanResolver } from './line/power-line.resolver';
import { recordMediationEvent } from './mediation/mediation.service';
import { migrations as mysql } from './migrations/mysql';
import { migrations as sqlite } from './migrations/sqlite';
import type { PowergridOptions } from './runtime';
import { seedPowergrid } from './seed';

const entities = [PowerLineEntity, PowerSpanEntity, TreeHazardEntity, HazardCampaignEntity, OutboxEntity, ...powergridWebhooks.entities];

/**
 * The power-grid partner plug-in: 10 kV lines, their spans, tree hazards (树障) and clearing campaigns; extends
 * `Grid.treeHazards`. Not part of the static graph — it joins by `gridhub subgraph publish`. With the
 * subdistrict's URL, an outbox dispatcher runs while the subgraph runs and delivers mediation requests as grid events.
 */
export const powergrid = defineSubgraph<PowergridOptions>({
  name: 'powergrid',
  port: 4004,
  plugin: true,
  entities,
  migrations: { sqlite, mysql },
  resolvers: [PowerLineResolver, PowerSpanResolver, TreeHazardResolver, HazardCampaignResolver, GridTreeHazardsResolver, ...powergridWebhooks.resolvers],
  // Scoped loaders: a line or hazard outside the caller's scope (or missing) is NOT_FOUND by reference too.
  references: { PowerLine: lineById, TreeHazard: hazardById, Grid: gridReference },
  // A partner raises PARTNER events only (mediation requests, into the grids its lines cross), nothing else.
  calls: {
    identity: { subject: 'service:powergrid', role: Role.SERVICE, name: 'powergrid subgraph' },
    grants: { actions: [Action.REPORT_PARTNER], reach: { [DataClass.REFERENCE]: 'all' }, write: { [DataClass.EVENTS]: 'all' } },
    audiences: ['subdistrict'],
    documents: [REPORT_EVENT],
  },
  services: ({ urls, callHeaders }) => ({
    reportEvent: urls.subdistrict ? reportEventOverHttp({ url: urls.subdistrict, headers: callHeaders('subdistrict') }) : undefined,
  }),
  // The kit's outbox dispatcher delivers mediation requests (retrying with backoff, dead letters for refusals);
  // what a delivery touches of the hazards, it touches as the outbox job, in the transaction that marks it delivered.
  outbox: {
    send: ({ reportEvent }) => reportEvent,
    onDelivered: (job, message, result) => recordMediationEvent(job, message as OutboxMessage<GridEventReport>, result),
    timing: ({ dispatchIntervalMs, maxBackoffMs }) => ({ intervalMs: dispatchIntervalMs, maxBackoffMs }),
  },
  // Webhooks for partners (TREE_HAZARD_REPORTED, TREE_HAZARD_CHANGED): deliveries are written with each change and
  // sent by a loop that runs while the subgraph serves.
  start: (running) => powergridWebhooks.start(running, running.services?.webhooks),
  seed: (db, plan: CommunityPlan, _settings, progress) => seedPowergrid(db, plan, progress),
});
