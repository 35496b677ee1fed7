import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

describe('the generated client', () => {
  it('is what codegen makes from the committed schema and operations (otherwise run `pnpm codegen`)', async () => {
    const root = join(__dirname, '..');
    // --check: generates in memory and exits non-zero, naming the files, when the committed ones differ.
    const check = promisify(execFile)(join(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.ts', '--check'], { cwd: root });
    const outcome = await check.then(
      () => 'up to date',
      (err: { stdout?: string; stderr?: string }) => `stale: run \`pnpm codegen\` and commit the result\n${err.stdout ?? ''}${err.stderr ?? ''}`,
    );
    expect(outcome).toBe('up to date');
  });
});
