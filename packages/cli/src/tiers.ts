import type { DataSource } from 'typeorm';
import { identityHeaders, Role, type IdentityKeys, type IdentityVerification, type SubgraphDefinition } from '@gridhub/kit';
import { community } from '@gridhub/community';
import { createComplexSubgraph, reportEventOverHttp } from '@gridhub/complex';
import { powergrid } from '@gridhub/powergrid';
import { buildPlan, seedCommunity, seedComplex, seedPowergrid, seedSubdistrict, type CommunityPlan, type SeedProgress } from '@gridhub/seed';
import { subdistrict } from '@gridhub/subdistrict';

/** What a tier needs from the ones started before it. */
export interface TierContext {
  /** GraphQL URLs of the subgraphs already started. */
  urls: Record<string, string>;
  /** Signs the tier's own calls to other subgraphs (service identity). */
  identityKeys: IdentityKeys;
  /** How the tier verifies incoming identity tokens: the gateway's public keys, as given to `startSubgraph`. */
  identity: IdentityVerification;
}

export interface SeedSettings {
  scale: number;
  seed: number;
  /** Door records per access device for the one seeded day (default 200; tests use fewer). */
  accessRecordsPerDevice?: number;
}

/** A subgraph of the hub's static graph: how to build it, and the seeder that fills its database. */
export interface Tier {
  name: string;
  create(context: TierContext): SubgraphDefinition;
  seed(db: DataSource, plan: CommunityPlan, settings: SeedSettings, progress?: SeedProgress): Promise<unknown>;
}

/**
 * Calls one subgraph makes to another (a grid check, a care event) carry an identity the hub signs for that
 * audience, as the gateway would: the subgraph code itself gets a header function, never the key.
 */
const serviceHeaders = (keys: IdentityKeys, service: string, audience: string, role = Role.SUBDISTRICT_ADMIN) => () =>
  identityHeaders(keys, { subject: `service:${service}`, role, name: `${service} subgraph` }, audience);

/** The static graph in start order: community first (the others refer to its grids and persons). */
export const tiers: Tier[] = [
  {
    name: 'community',
    create: () => community,
    seed: (db, plan, _settings, progress) => seedCommunity(db, plan, progress),
  },
  {
    name: 'subdistrict',
    create: ({ urls, identityKeys }) =>
      subdistrict({ grids: { url: urls.community, headers: serviceHeaders(identityKeys, 'subdistrict', 'community') } }),
    seed: (db, plan, _settings, progress) => seedSubdistrict(db, plan, progress),
  },
  {
    name: 'complex',
    create: ({ urls, identityKeys, identity }) =>
      createComplexSubgraph({
        identity,
        reportEvent: reportEventOverHttp({ url: urls.subdistrict!, headers: serviceHeaders(identityKeys, 'complex', 'subdistrict') }),
      }),
    seed: (db, plan, settings, progress) => seedComplex(db, plan, { recordsPerDevicePerDay: settings.accessRecordsPerDevice }, progress),
  },
];

/**
 * Partner plug-ins the hub can run next to the static graph (`gridhub start --with powergrid`). They are not part
 * of the static bootstrap: the hub starts each after the static tiers and PUBLISHES it to the registry, as a vendor
 * would with `gridhub subgraph publish`, so the graph gains it as a new supergraph version (and a rollback drops it).
 */
export const plugins: Record<string, Tier> = {
  powergrid: {
    name: 'powergrid',
    create: ({ urls, identityKeys }) =>
      powergrid({
        // A partner raises PARTNER events only: its service identity is a PARTNER, not an administrator.
        reportEvent: urls.subdistrict
          ? reportEventOverHttp({ url: urls.subdistrict, headers: serviceHeaders(identityKeys, 'powergrid', 'subdistrict', Role.PARTNER) })
          : undefined,
      }),
    seed: (db, plan, _settings, progress) => seedPowergrid(db, plan, progress),
  },
};

export { buildPlan };
