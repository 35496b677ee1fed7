// The floors of DESIGN.md "Layout", checked over the import graph of every non-test source file:
// cli → gateway and subgraphs → packages; never subgraph → subgraph, gateway ↔ subgraph, or packages → above.
// And no import cycles between files (type-only imports count: they still tie the files' meaning together).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(__dirname, '..');

/** Workspace packages by name (`@gridhub/kit` → packages/kit), from the folders pnpm-workspace.yaml lists. */
function workspacePackages(): Map<string, string> {
  const globs = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').split('packages:')[1]!.split(/\n\S/)[0]!
    .split('\n').map((l) => /^\s*-\s*(\S+)/.exec(l)?.[1]).filter((g): g is string => !!g);
  const dirs = globs.flatMap((g) => g.endsWith('/*') ? readdirSync(join(root, g.slice(0, -2))).map((d) => join(g.slice(0, -2), d)) : [g]);
  const found = new Map<string, string>();
  for (const dir of dirs) {
    const file = join(root, dir, 'package.json');
    if (existsSync(file)) found.set(JSON.parse(readFileSync(file, 'utf8')).name, dir);
  }
  return found;
}

function* sourceFiles(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

const packages = workspacePackages();
const resolveFile = (base: string): string | undefined =>
  [`${base}.ts`, join(base, 'index.ts'), base].find((f) => existsSync(f) && statSync(f).isFile());

/** The repository file an import specifier names, or undefined for a third-party module. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return resolveFile(resolve(dirname(from), specifier));
  const m = /^(@gridhub\/[^/]+)(?:\/(.+))?$/.exec(specifier);
  const dir = m && packages.get(m[1]!);
  if (!dir) return undefined;
  return resolveFile(join(root, dir, 'src', m![2] ?? 'index'));
}

/** Every source file and the repository files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const dir of packages.values()) {
    for (const file of sourceFiles(join(root, dir, 'src'))) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      graph.set(file, [...new Set(importedFiles.map((i) => resolveImport(file, i.fileName)).filter((f): f is string => !!f))]);
    }
  }
  return graph;
}

/** Strongly connected components of more than one file (or a file importing itself): the cycles. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.map((f) => relative(root, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}

type Floor = { floor: number; unit: string };
/** Which floor a file stands on, and the unit (package or subgraph) it belongs to. */
function floorOf(file: string): Floor {
  const [top, name] = relative(root, file).split('/');
  if (top === 'packages') return { floor: 0, unit: `packages/${name}` };
  if (top === 'subgraphs') return { floor: 1, unit: `subgraphs/${name}` };
  if (top === 'gateway') return { floor: 1, unit: 'gateway' };
  if (top === 'cli') return { floor: 2, unit: 'cli' };
  return { floor: 3, unit: top! };
}

/** Arrows that point up a floor, or sideways between two units of the subgraph/gateway floor. */
function upwardArrows(graph: Map<string, string[]>): string[] {
  const bad: string[] = [];
  for (const [from, targets] of graph) {
    const a = floorOf(from);
    for (const to of targets) {
      const b = floorOf(to);
      if (a.unit === b.unit) continue;
      if (b.floor > a.floor || (b.floor === a.floor && a.floor >= 1 && a.floor < 3)) bad.push(`${relative(root, from)} → ${relative(root, to)}`);
    }
  }
  return bad.sort();
}

describe('the import graph', () => {
  const graph = importGraph();

  it('covers every floor', () => {
    const units = new Set([...graph.keys()].map((f) => floorOf(f).unit));
    for (const unit of ['packages/kit', 'packages/seed', 'subgraphs/community', 'gateway', 'cli']) expect(units).toContain(unit);
    expect(graph.size).toBeGreaterThan(200);
  });

  it('has no cycles between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('points only down: packages import nothing above them; no subgraph imports another subgraph or the gateway', () => {
    expect(upwardArrows(graph)).toEqual([]);
  });

  it('finds a cycle and an upward arrow when there is one (the check itself)', () => {
    const kit = join(root, 'packages/kit/src/a.ts');
    const sub = join(root, 'subgraphs/x/src/b.ts');
    const other = join(root, 'subgraphs/y/src/c.ts');
    const toy = new Map([[kit, [sub]], [sub, [kit, other]], [other, []]]);
    expect(cycles(toy)).toEqual([['packages/kit/src/a.ts', 'subgraphs/x/src/b.ts']]);
    expect(upwardArrows(toy)).toEqual(['packages/kit/src/a.ts → subgraphs/x/src/b.ts', 'subgraphs/x/src/b.ts → subgraphs/y/src/c.ts']);
  });
});
