import { ErrorCodes } from '@gridhub/kit';
import { LIMIT_RULES } from './limits';

/** docs/errors.md is generated from the kit's table: every rule the gateway refuses by must be named there. */
describe('the error table names every limit rule', () => {
  it.each([...LIMIT_RULES, 'bodySize', 'batchSize'])('QUERY_TOO_COMPLEX names rule %s', (rule) => {
    expect(ErrorCodes.QUERY_TOO_COMPLEX.when).toMatch(new RegExp(`\\b${rule}\\b`));
  });

  it.each(['pageSize', 'variables'])('BAD_USER_INPUT names rule %s', (rule) => {
    expect(ErrorCodes.BAD_USER_INPUT.when).toContain(`"${rule}"`);
  });

  it('RATE_LIMITED names the cost budget', () => {
    expect(ErrorCodes.RATE_LIMITED.when).toContain('"cost"');
  });
});
