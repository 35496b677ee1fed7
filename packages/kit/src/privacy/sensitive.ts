import { DirectiveLocation, GraphQLDirective, GraphQLNonNull, GraphQLString } from 'graphql';
import { Directive, Field, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { policyOf, type DataClass } from '../scope/policy';
import { maskIdNumber, maskPhone } from './identity-numbers';

/**
 * Kinds of sensitive values the kit knows how to mask; a vendor adds its own with `registerSensitiveKind`.
 * `audit` is the least a field of the kind must declare: `REVEAL` (masked reads are not audited; clear values only
 * through an audited reveal operation) or `READ` (every read of its rows is audited: the rows' data class is).
 */
export type SensitiveKind = 'ID_NUMBER' | 'PHONE' | 'BIRTH_DATE' | 'PLATE' | 'ADDRESS' | 'FACE' | 'HEALTH' | 'SPECIAL_POPULATION' | (string & {});
export type AuditRuleKind = 'REVEAL' | 'READ';

export interface SensitiveKindSpec {
  mask: (value: string) => string;
  /** What a masked value looks like (docs, the SDL, error messages). */
  example: string;
  audit: AuditRuleKind;
}

const withheld = () => '****';
const KINDS = new Map<SensitiveKind, SensitiveKindSpec>([
  ['ID_NUMBER', { mask: maskIdNumber, example: '500381********123X', audit: 'REVEAL' }],
  ['PHONE', { mask: maskPhone, example: '138****5678', audit: 'REVEAL' }],
  // Month and day are the ID number's masked digits: a birth date shows its year only, or the mask rebuilds.
  ['BIRTH_DATE', { mask: (v) => `${v.slice(0, 4)}-**-**`, example: '1962-**-**', audit: 'REVEAL' }],
  ['PLATE', { mask: (v) => (v.length > 4 ? `${v.slice(0, 2)}${'*'.repeat(v.length - 4)}${v.slice(-2)}` : '****'), example: '渝A***45', audit: 'REVEAL' }],
  ['ADDRESS', { mask: (v) => `${v.slice(0, 6)}****`, example: '重庆市合川区****', audit: 'REVEAL' }],
  // Sensitive personal information under PIPL: never shown, and every read of the rows is audited.
  ['FACE', { mask: withheld, example: '****', audit: 'READ' }],
  ['HEALTH', { mask: withheld, example: '****', audit: 'READ' }],
  ['SPECIAL_POPULATION', { mask: withheld, example: '****', audit: 'READ' }],
]);

/** Adds a kind of personal value and its mask (or replaces a vendor's own). */
export function registerSensitiveKind(kind: SensitiveKind, spec: SensitiveKindSpec): SensitiveKind {
  KINDS.set(kind, spec);
  return kind;
}

const specOf = (kind: SensitiveKind): SensitiveKindSpec => {
  const spec = KINDS.get(kind);
  if (!spec) throw new Error(`sensitive kind ${kind} is not registered: registerSensitiveKind(${JSON.stringify(kind)}, { mask, example, audit })`);
  return spec;
};

/** The kinds and their rules (docs, the registry's privacy check messages). */
export const sensitiveKinds = (): ReadonlyMap<SensitiveKind, SensitiveKindSpec> => KINDS;

/** Every field declared sensitive, as `Type.field` → kind (for docs and tests). */
export const SENSITIVE_FIELDS = new Map<string, SensitiveKind>();

/**
 * How a subgraph's SDL declares its personal fields, read by the registry's privacy check at publish time:
 * `@sensitive` (masked, with its audit rule) and `@classified` (looks personal, is not). Every kit subgraph's SDL
 * defines both.
 */
export const SENSITIVE_DIRECTIVE = new GraphQLDirective({
  name: 'sensitive',
  description: 'Personal information, masked on every read (Gridhub kit @Sensitive). audit: REVEAL (clear values only through an audited reveal) or READ (every read of the rows audited as auditedAs)',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: {
    kind: { type: new GraphQLNonNull(GraphQLString) },
    mask: { type: new GraphQLNonNull(GraphQLString) },
    audit: { type: new GraphQLNonNull(GraphQLString) },
    auditedAs: { type: GraphQLString },
  },
});
export const CLASSIFIED_DIRECTIVE = new GraphQLDirective({
  name: 'classified',
  description: 'A field that looks like personal data, declared by its subgraph as another class of data (Gridhub kit @Classified)',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: { dataClass: { type: new GraphQLNonNull(GraphQLString) }, reason: { type: new GraphQLNonNull(GraphQLString) } },
});
export const PRIVACY_DIRECTIVES = [SENSITIVE_DIRECTIVE, CLASSIFIED_DIRECTIVE];

const masking = (kind: SensitiveKind): MiddlewareFn => async (_action, next) => {
  const value: unknown = await next();
  return value == null ? value : specOf(kind).mask(String(value));
};

const quoted = (s: string) => JSON.stringify(s);

/**
 * Declares a string field as personal information: it is masked on every read, for every role, whatever the
 * resolver returns. There is no role that gets the clear value through this field; clear values are given
 * only by a dedicated, audited operation (e.g. `revealPersonIdentity`). Kinds whose rule is `READ` (faces, health,
 * special-population labels) name the audited data class their rows belong to (`auditedAs`): every read is audited.
 */
export function Sensitive(kind: SensitiveKind, options: { nullable?: boolean; description?: string; auditedAs?: DataClass } = {}): PropertyDecorator {
  const spec = specOf(kind);
  if (spec.audit === 'READ' && !(options.auditedAs && policyOf(options.auditedAs).audited)) {
    throw new Error(`@Sensitive(${quoted(kind)}) needs auditedAs: an audited data class (registerDataClass(…, { audited: true })) the rows belong to`);
  }
  const audit = options.auditedAs ? 'READ' : spec.audit;
  return (target, property) => {
    const description = `${options.description ? `${options.description}. ` : ''}Personal information: always masked (${spec.example})`;
    Field(() => String, { nullable: options.nullable, description })(target, property);
    UseMiddleware(masking(kind))(target, property);
    Directive(
      `@sensitive(kind: ${quoted(kind)}, mask: ${quoted(spec.example)}, audit: ${quoted(audit)}${options.auditedAs ? `, auditedAs: ${quoted(options.auditedAs)}` : ''})`,
    )(target, property);
    SENSITIVE_FIELDS.set(`${target.constructor.name}.${String(property)}`, kind);
  };
}

/**
 * Answers the registry's privacy check for a field that looks personal by its name or type but is not (a device's
 * service hotline named `phone`, a complex's `address`): the data class it belongs to and why. Put it next to
 * `@Field`. A personal class (`policyOf(dataClass)` reaches into people) does not excuse a field: use `@Sensitive`.
 */
export function Classified(dataClass: DataClass, reason: string): PropertyDecorator {
  policyOf(dataClass);
  if (!reason.trim()) throw new Error('@Classified needs a reason');
  return Directive(`@classified(dataClass: ${quoted(dataClass)}, reason: ${quoted(reason)})`) as PropertyDecorator;
}

/** The masked form of a value (for logs and messages that mention one). */
export const maskValue = (kind: SensitiveKind, value: string): string => specOf(kind).mask(value);
