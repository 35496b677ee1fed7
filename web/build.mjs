// Builds the command-center page into static files (default web/dist): index.html, app.js, app.css. Everything
// the page needs is in them — no CDN, no web font — so it works on an isolated network. The gateway serves the
// folder at /command-center/ (GatewayOptions.commandCenter); any static host can too (then pass ?endpoint=).
//   node web/build.mjs [--outdir DIR]
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildCommandCenter(outdir = join(here, 'dist')) {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { app: join(here, 'src/main.ts'), 'app-style': join(here, 'src/style.css') },
    outdir,
    bundle: true,
    format: 'esm',
    target: ['chrome111', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(join(here, 'src/index.html'), join(outdir, 'index.html'));
  return outdir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--outdir');
  const outdir = await buildCommandCenter(at > 0 ? resolve(process.argv[at + 1]) : undefined);
  console.log(`command-center page built into ${outdir}`);
}
