// Transpiles every workspace package's src/ to dist/ with swc (decorator metadata included).
// Type-checking is tsc's job (`pnpm typecheck`); this stays fast enough to run before every start.
import { readdirSync, statSync, mkdirSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { transformFile } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { workspacePackages } = createRequire(import.meta.url)('./workspace.cjs');
const workspace = workspacePackages(root);

/**
 * `require("@gridhub/complex")` becomes a relative path to that package's built entry, so built code finds every
 * workspace package by its folder: no package has to list another in its dependencies for the runtime to load it
 * (the CLI loads each subgraph of its list without a line in cli/package.json).
 */
function linkWorkspace(code, out) {
  return code.replace(/require\("(@gridhub\/[^"/]+)(\/[^"]+)?"\)/g, (whole, name, sub) => {
    const pkg = workspace.get(name);
    const source = pkg?.entries[`.${sub ?? ''}`];
    if (!source) return whole;
    const target = join(root, pkg.dir, source.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js'));
    const path = relative(dirname(out), target);
    return `require(${JSON.stringify(path.startsWith('.') ? path : `./${path}`)})`;
  });
}
const packages = [...workspace.values()].map(({ dir }) => join(root, dir));

function* tsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    // Tests and their fixtures (`*.fixture.ts`) are never built into a package's dist.
    else if (name.endsWith('.ts') && !/\.(test|fixture|d)\.ts$/.test(name)) yield path;
  }
}

// Write-then-rename: a running process (a test's `gridhub serve`) never requires a half-written file while
// another build runs.
function write(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

let count = 0;
for (const pkg of packages) {
  const src = existsSync(join(pkg, 'src')) ? join(pkg, 'src') : null;
  if (!src) continue;
  for (const file of tsFiles(src)) {
    const out = join(pkg, 'dist', relative(src, file)).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, { swcrc: true, configFile: join(root, '.swcrc'), sourceFileName: relative(dirname(out), file) });
    mkdirSync(dirname(out), { recursive: true });
    write(out, `${linkWorkspace(code, out)}\n//# sourceMappingURL=${out.split('/').pop()}.map`);
    if (map) write(`${out}.map`, map);
    count++;
  }
}
console.log(`build: ${count} files transpiled`);
