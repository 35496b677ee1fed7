import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium: Playwright's own browser download (`npx playwright install`) fails offline. */
export const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's `chromium` package when it is missing (as CI does: apt-get, root), so a fresh machine runs the browser tests. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], { stdio: 'inherit' });
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is still missing after apt-get install chromium`);
}

/** Headless Chromium with nothing running in the background that would call out (updates, sync, QUIC probes). */
export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
