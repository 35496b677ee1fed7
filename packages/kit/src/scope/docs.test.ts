import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyMarkdown } from './docs';

const START = '<!-- policy:start (generated from packages/kit/src/scope: node scripts/policy-table.mjs) -->';
const END = '<!-- policy:end -->';

test("the README's access table is the policy in the code", () => {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  expect(from).toBeGreaterThan(-1);
  expect(readme.slice(from + START.length, to).trim()).toBe(policyMarkdown());
});
