// The workspace's own packages, found from pnpm-workspace.yaml's folder list: jest's module mapper, the build's
// specifier rewriting and the import-graph test all use this, so a new folder under subgraphs/ (or packages/)
// needs no line in any of them.
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** `@gridhub/kit` → { dir: 'packages/kit', entries: { '.': 'src/index.ts', './testing': 'src/testing/index.ts' } } */
function workspacePackages(root) {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const list = /^packages:\n((?:\s+-\s+.+\n)+)/m.exec(yaml);
  if (!list) throw new Error('pnpm-workspace.yaml lists no packages');
  const globs = list[1].split('\n').map((l) => /^\s*-\s*(\S+)/.exec(l)?.[1]).filter(Boolean);
  const dirs = globs.flatMap((g) => {
    if (!g.endsWith('/*')) return [g];
    const parent = g.slice(0, -2);
    return existsSync(join(root, parent)) ? readdirSync(join(root, parent)).map((d) => `${parent}/${d}`) : [];
  });
  const packages = new Map();
  for (const dir of dirs) {
    const file = join(root, dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    // Entry points as the sources jest and tsc read: `exports` types, or src/index.ts.
    const entries = { '.': 'src/index.ts' };
    for (const [key, value] of Object.entries(pkg.exports ?? {})) if (value && typeof value === 'object' && value.types) entries[key] = value.types.replace(/^\.\//, '');
    packages.set(pkg.name, { dir, entries });
  }
  return packages;
}

module.exports = { workspacePackages };
