import {
  defaultFieldResolver, getNullableType, isInputObjectType, isListType, isObjectType, isScalarType,
  type GraphQLField, type GraphQLInputType, type GraphQLSchema,
} from 'graphql';
import { badInput, type GridhubError } from '../errors';

/** What every id the kit issues looks like: a row's integer primary key, in decimal. */
const ID_TEXT = /^\d{1,16}$/;

/** Whether `value` can name a row: a non-negative safe integer, as a number or in decimal. */
export const isWellFormedId = (value: unknown): value is string | number =>
  typeof value === 'number' ? Number.isSafeInteger(value) && value >= 0 : typeof value === 'string' && ID_TEXT.test(value) && Number.isSafeInteger(Number(value));

const malformed = (value: unknown, where: string): GridhubError =>
  badInput(`${where} is not an id (ids are decimal integers): ${JSON.stringify(value)?.slice(0, 40) ?? String(value)}`, { argument: where });

/** The row key an id names; BAD_USER_INPUT when it cannot name one (never a query with `NaN` in it). */
export function parseId(value: unknown, where = 'id'): number {
  if (!isWellFormedId(value)) throw malformed(value, where);
  return Number(value);
}

/** Checks the `ID` values inside one argument value of `type` (lists and input objects included). */
type Check = (value: unknown, where: string) => void;

/** A check for every input type that can hold an `ID` somewhere; none for the others (their values are not walked). */
function checkerOf(type: GraphQLInputType, memo: Map<GraphQLInputType, Check | null>): Check | null {
  const bare = getNullableType(type);
  if (memo.has(bare)) return memo.get(bare)!;
  // Recursive input types: the entry is filled before its fields are looked at, and walked lazily.
  let check: Check | null = null;
  if (isScalarType(bare) && bare.name === 'ID') check = (value, where) => void (value == null || parseId(value, where));
  else if (isListType(bare)) {
    memo.set(bare, null);
    const item = checkerOf(bare.ofType, memo);
    check = item && ((value, where) => (Array.isArray(value) ? value.forEach((v, i) => item(v, `${where}[${i}]`)) : item(value, where)));
  } else if (isInputObjectType(bare)) {
    const fields = new Map<string, Check>();
    const self: Check = (value, where) => {
      if (value == null || typeof value !== 'object') return;
      for (const [name, field] of fields) field((value as Record<string, unknown>)[name], `${where}.${name}`);
    };
    memo.set(bare, self);
    for (const field of Object.values(bare.getFields())) {
      const inner = checkerOf(field.type, memo);
      if (inner) fields.set(field.name, inner);
    }
    check = fields.size ? self : null;
  }
  memo.set(bare, check);
  return check;
}

/**
 * Every `ID` a request hands a resolver is checked before the resolver runs, wherever it sits (a root field's
 * argument, a nested field's, inside input objects and lists, a representation's `id` in `_entities`): a malformed
 * one is BAD_USER_INPUT, in every mode and every subgraph the kit builds, so no resolver, loader or query ever sees
 * `Number("abc")`. Representations are checked one by one: a malformed one fails only its own entry.
 */
export function guardIds(schema: GraphQLSchema): void {
  const memo = new Map<GraphQLInputType, Check | null>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (type === schema.getQueryType() && field.name === '_entities') guardRepresentations(field);
      else guardArguments(field, memo);
    }
  }
}

function guardArguments(field: GraphQLField<unknown, unknown>, memo: Map<GraphQLInputType, Check | null>): void {
  const checks = field.args.flatMap((arg) => {
    const check = checkerOf(arg.type, memo);
    return check ? [[arg.name, check] as const] : [];
  });
  if (!checks.length) return;
  const resolve = field.resolve ?? defaultFieldResolver;
  field.resolve = (source, args: Record<string, unknown>, context, info) => {
    for (const [name, check] of checks) check(args[name], name);
    return resolve(source, args, context, info);
  };
}

function guardRepresentations(field: GraphQLField<unknown, unknown>): void {
  const resolve = field.resolve ?? defaultFieldResolver;
  field.resolve = async (source, args: { representations: Record<string, unknown>[] }, context, info) => {
    const refused = new Map<number, GridhubError>();
    const representations = args.representations.filter((r, i) => {
      const ok = r === null || typeof r !== 'object' || !('id' in r) || isWellFormedId(r.id);
      if (!ok) refused.set(i, malformed(r.id, `representations[${i}].id`));
      return ok;
    });
    if (!refused.size) return resolve(source, args, context, info);
    const resolved = (await resolve(source, { ...args, representations }, context, info)) as unknown[];
    // graphql-js turns an Error in a list into that entry's error (null plus an error at `_entities.<i>`).
    return args.representations.map((_r, i) => refused.get(i) ?? resolved.shift());
  };
}

