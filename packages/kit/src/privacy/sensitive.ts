import { Field, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { maskIdNumber, maskPhone } from './identity-numbers';

/** Kinds of sensitive values the kit knows how to mask. */
export type SensitiveKind = 'ID_NUMBER' | 'PHONE' | 'BIRTH_DATE';

const MASKS: Record<SensitiveKind, { mask: (value: string) => string; example: string }> = {
  ID_NUMBER: { mask: maskIdNumber, example: '500381********123X' },
  PHONE: { mask: maskPhone, example: '138****5678' },
  // Month and day are the ID number's masked digits: a birth date shows its year only, or the mask rebuilds.
  BIRTH_DATE: { mask: (v) => `${v.slice(0, 4)}-**-**`, example: '1962-**-**' },
};

/** Every field declared sensitive, as `Type.field` → kind (for docs and tests). */
export const SENSITIVE_FIELDS = new Map<string, SensitiveKind>();

const masking = (kind: SensitiveKind): MiddlewareFn => async (_action, next) => {
  const value: unknown = await next();
  return value == null ? value : MASKS[kind].mask(String(value));
};

/**
 * Declares a string field as personal information: it is masked on every read, for every role, whatever the
 * resolver returns. There is no role that gets the clear value through this field; clear values are given
 * only by a dedicated, audited operation (e.g. `revealPersonIdentity`).
 */
export function Sensitive(kind: SensitiveKind, options: { nullable?: boolean; description?: string } = {}): PropertyDecorator {
  return (target, property) => {
    const description = `${options.description ? `${options.description}. ` : ''}Personal information: always masked (${MASKS[kind].example})`;
    Field(() => String, { nullable: options.nullable, description })(target, property);
    UseMiddleware(masking(kind))(target, property);
    SENSITIVE_FIELDS.set(`${target.constructor.name}.${String(property)}`, kind);
  };
}

/** The masked form of a value (for logs and messages that mention one). */
export const maskValue = (kind: SensitiveKind, value: string): string => MASKS[kind].mask(value);
