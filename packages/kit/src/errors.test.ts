import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { defineErrorCodes, ErrorCodes, errorCodesMarkdown, errorCodeSpec, formatError } from './errors';

const format = (error: GraphQLError, production = true) => formatError(production)(error.toJSON(), error);

describe('the error code table', () => {
  it('is what docs/errors.md says (regenerate with `pnpm docs:errors`)', () => {
    const committed = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');
    const stale = committed !== errorCodesMarkdown() ? 'docs/errors.md differs from packages/kit/src/errors.ts: run `pnpm docs:errors` and commit the result' : undefined;
    expect(stale).toBeUndefined();
  });

  it('lists every code with a meaning, when, retryable and an HTTP status', () => {
    for (const [code, spec] of Object.entries(ErrorCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(spec.meaning.length).toBeGreaterThan(10);
      expect(spec.when.length).toBeGreaterThan(10);
      expect(typeof spec.retryable).toBe('boolean');
      expect([200, 400, 401, 403, 404, 429, 500, 503]).toContain(spec.status);
      expect(errorCodesMarkdown()).toContain(`| \`${code}\` |`);
    }
  });

  it('hides unknown codes as INTERNAL, and passes a plug-in\'s codes once it defines them', () => {
    const vendorError = () => new GraphQLError('the owner refuses access', { extensions: { code: 'VENDOR_OWNER_REFUSES', ownerId: '9' } });
    expect(format(vendorError())).toEqual({ message: 'internal error', extensions: { code: 'INTERNAL' } });

    const raise = defineErrorCodes({
      VENDOR_OWNER_REFUSES: { meaning: 'The owner refuses access.', when: 'Mediation failed.', retryable: false, status: 200, raisedBy: 'vendor' },
    });
    expect(errorCodeSpec('VENDOR_OWNER_REFUSES')?.raisedBy).toBe('vendor');
    expect(format(vendorError())).toEqual({ message: 'the owner refuses access', extensions: { code: 'VENDOR_OWNER_REFUSES', ownerId: '9' } });
    expect(format(raise('VENDOR_OWNER_REFUSES', 'no', { ownerId: '1' })).extensions).toEqual({ code: 'VENDOR_OWNER_REFUSES', ownerId: '1' });
  });

  it('refuses to redefine a code with another meaning, or a code that is not SCREAMING_SNAKE_CASE', () => {
    expect(() => defineErrorCodes({ NOT_FOUND: { meaning: 'other', when: 'other', retryable: true, status: 404, raisedBy: 'vendor' } })).toThrow(/already defined/);
    expect(() => defineErrorCodes({ 'owner refuses': { meaning: 'x', when: 'x', retryable: false, status: 200, raisedBy: 'vendor' } })).toThrow(/SCREAMING_SNAKE_CASE/);
  });

  it('keeps an unexpected error\'s message out of production answers only', () => {
    const crash = new GraphQLError('ER_NO_SUCH_TABLE', { originalError: new Error('ER_NO_SUCH_TABLE') });
    expect(format(crash).message).toBe('internal error');
    expect(format(crash, false).message).toBe('ER_NO_SUCH_TABLE');
  });
});
