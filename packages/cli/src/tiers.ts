import type { DataSource } from 'typeorm';
import type { SubgraphDefinition } from '@gridhub/kit';
import { community } from '@gridhub/community';
import { buildPlan, seedCommunity, type CommunityPlan } from '@gridhub/seed';

type Progress = (done: number, total: number, label: string) => void;

/** A subgraph the hub runs in its static graph, with the seeder that fills its database. */
export interface Tier {
  definition: SubgraphDefinition;
  seed(db: DataSource, plan: CommunityPlan, progress?: Progress): Promise<unknown>;
}

/** The static graph, in start order (the community tier first: the others refer to its grids and persons). */
export const tiers: Tier[] = [{ definition: community, seed: (db, plan, progress) => seedCommunity(db, plan, progress) }];

export { buildPlan };
