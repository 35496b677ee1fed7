import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientTokenVerifier, Role } from '@gridhub/kit';
import { testDialects } from '@gridhub/kit/testing';
import { startGateway, type RunningGateway } from '@gridhub/gateway';
import type { Browser } from 'playwright-core';
import { launchChromium } from './src/browser';
import { startTestHub, type TestHub } from './src/hub';

/** Screenshots land here: CI keeps the folder as an artefact (the README's image is one of them). */
const ARTIFACTS = join(__dirname, 'artifacts');

describe.each(testDialects())('the command-center page in headless Chromium (%s)', (dialect) => {
  let hub: TestHub;
  let gateway: RunningGateway;
  let browser: Browser;
  let built: string;
  let seededEvents: number;

  beforeAll(async () => {
    // The page as a deployment builds it: static files from web/build.mjs (esbuild, offline).
    built = mkdtempSync(join(tmpdir(), 'gridhub-web-'));
    execFileSync(process.execPath, [join(__dirname, '..', 'web', 'build.mjs'), '--outdir', built], { stdio: 'pipe' });
    hub = await startTestHub(dialect);
    const db = hub.hub.subgraphs.subdistrict!.db;
    const [events] = (await db.query('SELECT COUNT(*) AS n FROM grid_event')) as { n: number }[];
    seededEvents = Number(events!.n);
    const verify = clientTokenVerifier({ secret: hub.hub.jwtSecret });
    // A gateway serving the page over the hub's subgraphs (the registry's current version), as `gridhub start` does.
    gateway = await startGateway({
      identityKeys: hub.hub.identityKeys,
      authenticate: (req) => (req.headers.authorization ? verify(req.headers.authorization) : undefined),
      supergraph: { kind: 'registry', registry: hub.hub.registry },
      commandCenterDir: built,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop(0);
    await hub?.stop();
    rmSync(built, { recursive: true, force: true });
  });

  it('loads with only local requests, signs in with a token, shows the seeded figures, a timeline and a queue', async () => {
    const origin = gateway.url.replace(/\/graphql$/, '');
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const requested: string[] = [];
    const offHost: string[] = [];
    // Every request the page makes: anything not to this gateway is recorded and refused.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      if (url.startsWith(`${origin}/`)) return route.continue();
      offHost.push(url);
      return route.abort();
    });
    const operator = await hub.token({ subject: 'op-1', role: Role.CENTER_OPERATOR, name: '值班员 王' });
    // The seeded year (the plan's today is 2025-06-30, CST); the token travels in the fragment, never to a server.
    await page.goto(`${origin}/command-center/?from=2024-07-01&to=2025-07-01#token=${operator}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });

    expect(await page.textContent('[data-testid=total]')).toBe(String(seededEvents));
    const overdue = Number(await page.textContent('[data-testid=overdue]'));
    expect(overdue).toBeGreaterThan(0);
    expect(await page.locator('#overdue tbody tr').count()).toBe(Math.min(20, overdue));
    expect(Number(await page.textContent('[data-testid=queue-count]'))).toBeGreaterThan(0);
    expect(await page.textContent('#who')).toContain('CENTER_OPERATOR');
    // Closure by community: one row per community with events.
    expect(await page.locator('section:has(h2:text("Closure by community")) tbody tr').count()).toBeGreaterThan(1);

    // An event's history with its actors.
    await page.locator('#overdue tbody tr').first().click();
    await page.waitForSelector('#timeline [data-testid=history-step]');
    expect(await page.locator('#timeline [data-testid=history-step]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#timeline [data-testid=actor]').first().textContent()).toMatch(/\((CENTER_OPERATOR|GRID_WORKER|COMMUNITY_STAFF|SUBDISTRICT_ADMIN|PARTNER)\)$/);

    // Personal data only masked: no full mobile number anywhere on the screen, masked ones where workers show.
    const text = (await page.textContent('body')) ?? '';
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(text).toMatch(/1\d{2}\*{4}\d{4}/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `command-center-${dialect}.png`), fullPage: true });
    expect(offHost).toEqual([]);
    expect(requested.some((u) => u.endsWith('/graphql'))).toBe(true);
    await page.close();
  });

  it('asks for a token when there is none, and for a new one when the gateway refuses it', async () => {
    const origin = gateway.url.replace(/\/graphql$/, '');
    const page = await browser.newPage();
    await page.goto(`${origin}/command-center/`);
    await page.waitForSelector('textarea[name=token]');
    await page.fill('textarea[name=token]', 'not-a-token');
    await page.click('.login button[type=submit]');
    await page.waitForSelector('.login .error');
    expect(await page.textContent('.login .error')).toMatch(/UNAUTHENTICATED/);
    await page.close();
  });
});
