// Transpiles every workspace package's src/ to dist/ with swc (decorator metadata included).
// Type-checking is tsc's job (`pnpm typecheck`); this stays fast enough to run before every start.
import { readdirSync, statSync, mkdirSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['packages', 'subgraphs']
  .flatMap((d) => (existsSync(join(root, d)) ? readdirSync(join(root, d)).map((p) => join(root, d, p)) : []))
  .concat([join(root, 'gateway'), join(root, 'cli'), join(root, 'test')]);

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
    write(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map`);
    if (map) write(`${out}.map`, map);
    count++;
  }
}
console.log(`build: ${count} files transpiled`);
