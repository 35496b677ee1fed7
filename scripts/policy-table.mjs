// Writes the access policy table (generated from packages/kit/src/scope) into README.md between its markers.
// Needs the built kit: `node scripts/build.mjs` first (npm test and npm run hub build it).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
require(join(root, 'packages/kit/node_modules/reflect-metadata'));
const { policyMarkdown } = require(join(root, 'packages/kit/dist/scope/docs.js'));
const START = '<!-- policy:start (generated from packages/kit/src/scope: node scripts/policy-table.mjs) -->';
const END = '<!-- policy:end -->';
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < 0) throw new Error('README.md has no policy markers');
writeFileSync(join(root, 'README.md'), `${readme.slice(0, from + START.length)}\n${policyMarkdown()}\n${readme.slice(to)}`);
console.log('README.md: access policy table written');
