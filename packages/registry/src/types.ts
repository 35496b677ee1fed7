import type { Identity } from '@gridhub/kit';
import type { RegistryError } from './errors';

/** A subgraph as it is published: its SDL is given, or fetched from the subgraph's `_service { sdl }`. */
export interface SubgraphInput {
  /** Routing name in the supergraph: lower-case letters, digits, `_` and `-`, starting with a letter. */
  name: string;
  /** The subgraph's GraphQL endpoint, as the gateway will call it. */
  url: string;
  sdl?: string;
  /** Who runs it (a vendor, an agency, a tier's team). */
  owner?: string;
  /** subdistrict, community, complex, partner… */
  tier?: string;
  /**
   * The code of the smart platform it fronts (`platforms { code }`): it must exist, and the subgraph takes the
   * platform's tier and vendor as its `tier` and `owner` unless those are given.
   */
  platform?: string;
}

/** A subgraph as a published version holds it. */
export interface SubgraphRecord {
  name: string;
  url: string;
  sdl: string;
  owner: string | null;
  tier: string | null;
  platform: string | null;
}

/** A change to the current subgraph set: publish (add or replace) some subgraphs, or remove one. */
export type Change = { kind: 'publish'; subgraphs: SubgraphInput[] } | { kind: 'remove'; name: string };

export interface CheckOptions {
  /** Accept breaking changes of the client-facing API (they are still reported in `changes`). Off unless set. */
  allowBreaking?: boolean;
  /**
   * Who asks (the admin API's verified caller). A VENDOR may name only the subgraphs of its `subgraphs` claim
   * (NOT_OWNER otherwise); a SUBDISTRICT_ADMIN any. Unset: the operator's own command line, with the database.
   */
  publisher?: Identity;
}

export type ChangeSeverity = 'BREAKING' | 'DANGEROUS' | 'SAFE';

/** One difference between the client-facing API schemas of the current version and the candidate. */
export interface SchemaChange {
  severity: ChangeSeverity;
  /** graphql-js's change type (FIELD_REMOVED, ARG_CHANGED_KIND…) or FIELD_ADDED / TYPE_ADDED. */
  type: string;
  /** Schema coordinate: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`. */
  location: string;
  message: string;
}

/** A composition hint (not an error), e.g. an inconsistent description across subgraphs. */
export interface CompositionHintInfo {
  code: string;
  message: string;
  location?: string;
}

export type CheckResult =
  | {
      ok: true;
      supergraphSdl: string;
      hints: CompositionHintInfo[];
      changes: SchemaChange[];
      /** The subgraph set the supergraph was composed from. */
      subgraphs: SubgraphRecord[];
      /** The version checked against (undefined when the registry is empty). */
      baseVersion?: number;
      /** The change leaves the subgraph set exactly as it is. */
      unchanged: boolean;
    }
  | { ok: false; errors: RegistryError[]; changes?: SchemaChange[] };

export type VersionAction = 'publish' | 'remove' | 'rollback';

/** A published supergraph, without its SDLs (what `history()` lists). */
export interface VersionSummary {
  version: number;
  createdAt: Date;
  /** Who published it (token subject, `cli:<user>`, `hub:bootstrap`). */
  actor: string;
  action: VersionAction;
  /** One line: which subgraphs were added, replaced or removed, and how many fields changed. */
  summary: string;
  subgraphs: string[];
  changes: SchemaChange[];
  /** For a rollback: the version copied. */
  rolledBackFrom: number | null;
}

/** A published supergraph with everything needed to serve it. */
export interface SupergraphVersion extends Omit<VersionSummary, 'subgraphs'> {
  supergraphSdl: string;
  subgraphs: SubgraphRecord[];
}

export type PublishResult =
  | { ok: true; version: VersionSummary; unchanged: boolean; hints: CompositionHintInfo[]; changes: SchemaChange[] }
  | { ok: false; errors: RegistryError[]; changes?: SchemaChange[] };

export type RollbackResult = { ok: true; version: VersionSummary } | { ok: false; errors: RegistryError[] };
