import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

/** The vendor project's files, `{{placeholders}}` written as `__name__`, `__Name__`…; every file ends in `.tmpl`. */
const TEMPLATES = join(__dirname, '..', 'templates', 'vendor');
const REPOSITORY = join(__dirname, '..', '..');
const NAME = /^[a-z][a-z0-9-]{0,40}$/;

export interface ScaffoldOptions {
  /** Where the project goes (default `./<name>`); must be empty or absent. */
  dir?: string;
  /** A packed kit to depend on (`gridhub-kit-<version>.tgz`); default: the kit of this repository, packed now. */
  kit?: string;
}

const words = (name: string) => name.split('-').filter(Boolean);
const pascal = (name: string) => words(name).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

/** Packs this repository's kit (JavaScript, declarations, package.json with its exports map) into `into`. */
export function packKit(into: string): string {
  mkdirSync(into, { recursive: true });
  const pnpm = process.env.GRIDHUB_PNPM ?? 'npx --yes pnpm@12.4.2';
  const [command, ...args] = pnpm.split(' ');
  const out = execFileSync(command!, [...args, 'pack', '--pack-destination', resolve(into)], { cwd: join(REPOSITORY, 'packages', 'kit'), encoding: 'utf8' });
  const tarball = out.split('\n').map((l) => l.trim()).reverse().find((l) => l.endsWith('.tgz'));
  if (!tarball || !existsSync(tarball)) throw new Error(`pnpm pack wrote no tarball:\n${out}`);
  return tarball;
}

function* templateFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* templateFiles(path);
    else if (entry.endsWith('.tmpl')) yield path;
  }
}

/**
 * Writes a vendor's subgraph project: package.json depending on the packed kit (copied into `vendor/`), one module
 * with an entity, a query and an extension of `ResidentialComplex`, a migration, a seed, tests and a README.
 * Returns the project folder.
 */
export function scaffoldSubgraph(name: string, options: ScaffoldOptions = {}): string {
  if (!NAME.test(name)) throw new Error(`subgraph name "${name}" must be lower-case letters, digits and -, starting with a letter`);
  const dir = resolve(options.dir ?? name);
  if (existsSync(dir) && readdirSync(dir).length) throw new Error(`${dir} is not empty`);
  const kit = options.kit ? resolve(options.kit) : packKit(join(dir, 'vendor'));
  const kitInProject = join(dir, 'vendor', basename(kit));
  mkdirSync(dirname(kitInProject), { recursive: true });
  if (kit !== kitInProject) copyFileSync(kit, kitInProject);
  const values: Record<string, string> = {
    __name__: name,
    __Name__: pascal(name),
    __camel__: pascal(name).replace(/^./, (c) => c.toLowerCase()),
    __snake__: words(name).join('_'),
    __NAME__: words(name).join('_').toUpperCase(),
    __KIT__: relative(dir, kitInProject),
    __TIMESTAMP__: String(Date.now()),
  };
  const fill = (text: string) => text.replace(/__(?:name|Name|camel|snake|NAME|KIT|TIMESTAMP)__/g, (m) => values[m]!);
  for (const file of templateFiles(TEMPLATES)) {
    const target = join(dir, fill(relative(TEMPLATES, file)).replace(/\.tmpl$/, '').replace(/^gitignore$/, '.gitignore'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, fill(readFileSync(file, 'utf8')));
  }
  return dir;
}
