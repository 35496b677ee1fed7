import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Issue 11: the access policy has one home. Roles are named only in `packages/kit/src/scope/` (the data classes and
 * the action table); request code in subgraphs reads rows only through the kit's scoped data access (`ctx.data`),
 * never through a raw DataSource, repository or EntityManager. Seeders, migrations and tests are outside the rule.
 */
const root = join(__dirname, '..');

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'migrations' || name === 'testing') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'seed.ts' && !name.startsWith('testing')) yield path;
  }
}

const ROLE_DECISION = /\brole\s*[!=]==|[!=]==\s*[\w.]*\brole\b|\bRole\.[A-Z_]+\b|\broles\.(includes|has)\(/;
const RAW_ACCESS = /\bctx\.db\b|\.getRepository\(|\b(db|manager|m|dataSource|queryRunner|em)\.(query|createQueryBuilder|find\w*|count\w*|exists\w*)\(/;

const scan = (dirs: string[], rule: RegExp, allowed: (file: string) => boolean) => {
  const found: string[] = [];
  for (const dir of dirs)
    for (const file of sources(join(root, dir))) {
      const rel = relative(root, file);
      if (allowed(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // An identity literal (`{ subject, role: Role.AUDITOR }`) says who a service is, not who may do what.
          const code = line.replace(/\brole: Role\.[A-Z_]+/g, '');
          if (rule.test(code) && !line.trim().startsWith('//') && !line.trim().startsWith('*')) found.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
  return found;
};

const subgraphDirs = () => readdirSync(join(root, 'subgraphs')).map((d) => `subgraphs/${d}/src`);

test('no role comparison or role list outside packages/kit/src/scope/', () => {
  const found = scan([...subgraphDirs(), 'gateway/src', 'packages/kit/src', 'packages/registry/src'], ROLE_DECISION, (f) =>
    f.startsWith('packages/kit/src/scope/') || f === 'packages/kit/src/identity.ts' || f === 'packages/kit/src/client-token.ts');
  expect(found).toEqual([]);
});

test('subgraph request code reads rows only through the kit\'s scoped data access', () => {
  expect(scan(subgraphDirs(), RAW_ACCESS, () => false)).toEqual([]);
});

test('no subgraph keeps a scope file of its own', () => {
  const scopeFiles = subgraphDirs().flatMap((dir) => [...sources(join(root, dir))].map((f) => relative(root, f)).filter((f) => /(^|\/)(scope|[^/]+\.scope)\.ts$/.test(f)));
  expect(scopeFiles).toEqual([]);
});

test('the rules above catch what they are for', () => {
  expect(ROLE_DECISION.test("if (identity.role === 'PARTNER') return;")).toBe(true);
  expect(ROLE_DECISION.test('const READERS = [Role.SUBDISTRICT_ADMIN];')).toBe(true);
  expect(RAW_ACCESS.test("const qb = ctx.db.getRepository(PersonEntity).createQueryBuilder('p');")).toBe(true);
  expect(RAW_ACCESS.test("await db.query('SELECT 1')")).toBe(true);
  expect(RAW_ACCESS.test("ctx.data.query(PersonEntity, 'p')")).toBe(false);
});
