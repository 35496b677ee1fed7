import type { DataSource } from 'typeorm';
import { identityHeaders, Role, type Identity, type IdentityKeys, type IdentityVerification, type SubgraphDefinition } from '@gridhub/kit';
import { community, seedCommunity } from '@gridhub/community';
import { createComplexSubgraph, reportEventOverHttp, seedComplex } from '@gridhub/complex';
import { powergrid, seedPowergrid } from '@gridhub/powergrid';
import { buildPlan, type CommunityPlan, type SeedProgress } from '@gridhub/seed';
import { seedSubdistrict, subdistrict } from '@gridhub/subdistrict';

/** What a tier needs from the ones started before it. */
export interface TierContext {
  /** GraphQL URLs of the subgraphs already started. */
  urls: Record<string, string>;
  /**
   * Headers of the tier's calls to `audience`: an identity the host vouches for (its service identity), never a key
   * the tier could sign another identity with. The embedded hub signs in-process as the gateway would; under
   * `gridhub serve` the calls go through the gateway with the tier's pre-issued service token.
   */
  callHeaders(audience: string): () => Promise<Record<string, string>> | Record<string, string>;
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
 * Who each tier is when it calls another subgraph (a grid check, a care event, a mediation request). A partner
 * raises PARTNER events only, so its service identity is a PARTNER, not an administrator.
 */
export const SERVICE_IDENTITIES: Record<string, Identity> = {
  subdistrict: { subject: 'service:subdistrict', role: Role.SUBDISTRICT_ADMIN, name: 'subdistrict subgraph' },
  complex: { subject: 'service:complex', role: Role.SUBDISTRICT_ADMIN, name: 'complex subgraph' },
  powergrid: { subject: 'service:powergrid', role: Role.PARTNER, name: 'powergrid subgraph' },
};

/** The embedded hub's `callHeaders`: tokens signed in-process with the gateway key for the tier's service identity. */
export const signedCallHeaders = (keys: IdentityKeys, tier: string) => (audience: string) => () =>
  identityHeaders(keys, SERVICE_IDENTITIES[tier]!, audience);

/** The static graph in start order: community first (the others refer to its grids and persons). */
export const tiers: Tier[] = [
  {
    name: 'community',
    create: () => community,
    seed: (db, plan, _settings, progress) => seedCommunity(db, plan, progress),
  },
  {
    name: 'subdistrict',
    create: ({ urls, callHeaders }) => subdistrict({ grids: { url: urls.community, headers: callHeaders('community') } }),
    seed: (db, plan, _settings, progress) => seedSubdistrict(db, plan, progress),
  },
  {
    name: 'complex',
    create: ({ urls, callHeaders, identity }) =>
      createComplexSubgraph({ identity, reportEvent: reportEventOverHttp({ url: urls.subdistrict!, headers: callHeaders('subdistrict') }) }),
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
    create: ({ urls, callHeaders }) =>
      powergrid({ reportEvent: urls.subdistrict ? reportEventOverHttp({ url: urls.subdistrict, headers: callHeaders('subdistrict') }) : undefined }),
    seed: (db, plan, _settings, progress) => seedPowergrid(db, plan, progress),
  },
};

export { buildPlan };
