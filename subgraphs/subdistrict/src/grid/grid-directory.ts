import { GridhubError, identityHeaders, Role, serviceClient, serviceOperation, type Identity, type IdentityKeys } from '@gridhub/kit';

/** What the subdistrict needs to know about a grid of the community tier. */
export interface GridInfo {
  id: number;
  communityId: number;
  /** Last day in force; null while current. */
  validTo: string | null;
  /** Its grid workers' ids (an assignment names one of the event's community). */
  workerIds?: number[];
}

export interface GridDirectoryOptions {
  /** The community subgraph's GraphQL endpoint, e.g. `http://127.0.0.1:4002/graphql`. */
  url?: string;
  /**
   * Headers of each request to the community subgraph: it refuses requests without a gateway-signed identity.
   * Give these, or `keys` to sign one for `serviceIdentity` here (embedded deployment, tests).
   */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  keys?: IdentityKeys;
  /** Default: `{ subject: 'service:subdistrict', role: SERVICE }` (it reads every grid, retired ones included). */
  serviceIdentity?: Identity;
  /** Instead of `url`: a function listing every grid (tests, or grids mirrored some other way). */
  fetchGrids?: () => Promise<GridInfo[]>;
  /** How long a fetched list is used before it is fetched again (ms, default 5 minutes). */
  ttlMs?: number;
  /** An id not in the list triggers a refresh only if the list is at least this old (ms, default 10 s). */
  minRefreshMs?: number;
}

/** The subdistrict's service identity: it reads grid boundaries (retired ones included) and nothing else. */
export const SERVICE_IDENTITY: Identity = { subject: 'service:subdistrict', role: Role.SERVICE, name: 'subdistrict grid directory' };
/** What the directory asks the community subgraph (through the gateway); a trusted-documents gateway registers it. */
export const GRIDS_QUERY = '{ grids(includeRetired: true) { id validTo community { id } workers { id } } }';
interface GridsAnswer {
  grids: { id: string; validTo: string | null; community: { id: string }; workers?: { id: string }[] }[];
}
const GRIDS = serviceOperation<GridsAnswer>(GRIDS_QUERY);

/**
 * The grids of the community tier, cached: `reportEvent` checks a grid exists without a call per report.
 * The list is fetched when first needed and after `ttlMs`; an unknown id refreshes it at most once (and not more
 * often than `minRefreshMs`), so a burst of reports with a bad grid id cannot hammer the community subgraph.
 * If a refresh fails while a list is cached, the cached list is kept.
 */
export class GridDirectory {
  private grids: Map<number, GridInfo> | null = null;
  private loadedAt = 0;
  private inFlight: Promise<void> | null = null;
  /** Lists fetched so far (tests assert the cache works). */
  fetches = 0;

  constructor(private readonly options: GridDirectoryOptions) {
    if (!options.url && !options.fetchGrids) throw new Error('GridDirectory needs a community subgraph url or fetchGrids');
  }

  async lookup(id: number): Promise<GridInfo | null> {
    const ttl = this.options.ttlMs ?? 5 * 60_000;
    if (!this.grids || Date.now() - this.loadedAt > ttl) await this.refresh(!this.grids);
    const found = this.grids?.get(id);
    if (found) return found;
    if (Date.now() - this.loadedAt >= (this.options.minRefreshMs ?? 10_000)) {
      await this.refresh(true);
      return this.grids?.get(id) ?? null;
    }
    return null;
  }

  /**
   * The communities a grid worker works in (through the grids listing them), or null for an unknown worker. Like
   * `lookup`, an unknown id refreshes the list at most once per `minRefreshMs`.
   */
  async lookupWorker(id: number): Promise<{ id: number; communityIds: number[] } | null> {
    const ttl = this.options.ttlMs ?? 5 * 60_000;
    if (!this.grids || Date.now() - this.loadedAt > ttl) await this.refresh(!this.grids);
    const find = () => {
      const communities = [...(this.grids?.values() ?? [])].filter((g) => g.workerIds?.includes(id)).map((g) => g.communityId);
      return communities.length ? { id, communityIds: [...new Set(communities)] } : null;
    };
    const found = find();
    if (found) return found;
    if (Date.now() - this.loadedAt >= (this.options.minRefreshMs ?? 10_000)) {
      await this.refresh(true);
      return find();
    }
    return null;
  }

  /** Forget the cached list (the next lookup fetches it). */
  invalidate(): void {
    this.grids = null;
  }

  private async refresh(mustSucceed: boolean): Promise<void> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = null));
    try {
      await this.inFlight;
    } catch (err) {
      if (mustSucceed || !this.grids) throw err;
    }
  }

  private async load(): Promise<void> {
    this.fetches++;
    const list = this.options.fetchGrids ? await this.options.fetchGrids() : await this.fetchFromCommunity();
    this.grids = new Map(list.map((g) => [g.id, g]));
    this.loadedAt = Date.now();
  }

  private async fetchFromCommunity(): Promise<GridInfo[]> {
    const { url, keys } = this.options;
    const headers = async () =>
      this.options.headers ? await this.options.headers() : keys ? await identityHeaders(keys, this.options.serviceIdentity ?? SERVICE_IDENTITY, 'community') : {};
    let data: GridsAnswer;
    try {
      data = await serviceClient({ url: url!, headers, timeoutMs: 5_000, name: 'community' }).request(GRIDS);
    } catch (err) {
      throw unavailable(`community subgraph refused the grid list: ${(err as Error).message}`);
    }
    return data.grids.map((g) => ({ id: Number(g.id), communityId: Number(g.community.id), validTo: g.validTo, workerIds: (g.workers ?? []).map((w) => Number(w.id)) }));
  }
}

const unavailable = (message: string) => new GridhubError('SUBGRAPH_UNAVAILABLE', message, { subgraph: 'community' });
