// Writes docs/errors.md from the kit's code table (run through `pnpm docs:errors`, which builds first).
// packages/kit/src/errors.test.ts fails when the committed file and the table drift.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { errorCodesMarkdown } = require('../packages/kit/dist/errors.js');
writeFileSync(new URL('../docs/errors.md', import.meta.url), errorCodesMarkdown());
console.log('docs/errors.md written');
