import { issueClientToken, openDatabase, Role } from '@gridhub/kit';
import { createComplexSubgraph, DEFAULT_RETENTION_DAYS, purgeAccessRecords, reportEventOverHttp, retentionCutoff, runCareAlerts, type ElderlyResident } from '@gridhub/complex';
import { loadConfig } from './config';
import { clientSecret } from './hub';

/** The complex subgraph's database, opened (and migrated) for a one-off job. */
async function complexDatabase() {
  const config = loadConfig();
  const { name, entities, migrations } = createComplexSubgraph();
  return { config, db: await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, name, entities, migrations }) };
}

/** A client of the running hub: the gateway URL and a service token signed with the hub's client secret. */
async function gatewayClient(config: ReturnType<typeof loadConfig>, gateway?: string) {
  const url = gateway ?? `http://${config.host}:${config.gatewayPort}/graphql`;
  const token = await issueClientToken(clientSecret(config.dataDir, config.jwtSecret), { subject: 'job:care-alerts', role: Role.SUBDISTRICT_ADMIN, name: 'care-alert job' }, '10m');
  return { url, headers: { authorization: `Bearer ${token}` } };
}

/** Residents tagged ELDERLY_ALONE with their grid, page by page through the gateway. */
async function elderlyAlone(url: string, headers: Record<string, string>): Promise<ElderlyResident[]> {
  const found: ElderlyResident[] = [];
  let after: string | null = null;
  do {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        query: 'query($after: String) { persons(first: 500, after: $after, filter: { tag: ELDERLY_ALONE }) { edges { node { id grid { id } } } pageInfo { hasNextPage endCursor } } }',
        variables: { after },
      }),
    });
    type Page = { data?: { persons: { edges: { node: { id: string; grid: { id: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }; errors?: { message: string }[] };
    const body = (await res.json()) as Page;
    if (!body.data) throw new Error(`listing residents living alone failed: ${body.errors?.map((e) => e.message).join('; ') ?? res.status}`);
    found.push(...body.data.persons.edges.map((e) => ({ id: e.node.id, gridId: e.node.grid.id })));
    after = body.data.persons.pageInfo.hasNextPage ? body.data.persons.pageInfo.endCursor : null;
  } while (after);
  return found;
}

export async function runCareAlertsCommand(opts: { hours: number; gateway?: string }): Promise<void> {
  const { config, db } = await complexDatabase();
  try {
    const { url, headers } = await gatewayClient(config, opts.gateway);
    const run = await runCareAlerts(db, {
      hours: opts.hours,
      elderlyAlone: () => elderlyAlone(url, headers),
      reportEvent: reportEventOverHttp({ url, headers: () => headers }),
    });
    console.log(
      `care alerts: ${run.checked} residents living alone checked, ${run.silent} without door activity for ${opts.hours} h; ` +
        `${run.raised} new care events (${run.delivered} delivered, ${run.failed} waiting in the outbox), ${run.alreadyRaised} raised before`,
    );
  } finally {
    await db.destroy();
  }
}

export async function runPurgeCommand(opts: { retentionDays: number }): Promise<void> {
  const { db } = await complexDatabase();
  try {
    const before = retentionCutoff(opts.retentionDays);
    const deleted = await purgeAccessRecords(db, before);
    console.log(`purged ${deleted} door records older than ${before.toISOString()} (retention ${opts.retentionDays} days)`);
  } finally {
    await db.destroy();
  }
}

export { DEFAULT_RETENTION_DAYS };
