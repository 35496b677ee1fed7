import {
  findBreakingChanges, findDangerousChanges, isInputObjectType, isInterfaceType, isObjectType, isIntrospectionType,
  isSpecifiedScalarType, type GraphQLNamedType, type GraphQLSchema,
} from 'graphql';
import type { SchemaChange } from './types';

/**
 * Where a graphql-js change description points, as a schema coordinate. graphql-js reports changes as prose
 * (`Person.name changed type from String! to Int.`); its sentences have a handful of fixed shapes, matched here.
 */
const LOCATIONS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^An? (?:required|optional) field (\w+) on input type (\w+)/, (m) => `${m[2]}.${m[1]}`],
  [/^An? (?:required|optional) arg (\w+) on directive (\w+)/, (m) => `@${m[2]}(${m[1]}:)`],
  [/^An? (?:required|optional) arg (\w+) on (\w+)\.(\w+)/, (m) => `${m[2]}.${m[3]}(${m[1]}:)`],
  [/^(\w+) was (?:removed from|added to) enum type (\w+)/, (m) => `${m[2]}.${m[1]}`],
  [/^(\w+) was (?:removed from|added to) union type (\w+)/, (m) => m[2]!],
  [/^\w+ added to interfaces implemented by (\w+)/, (m) => m[1]!],
  [/^(\w+) no longer implements interface/, (m) => m[1]!],
  [/^(\w+)\.(\w+) arg (\w+)/, (m) => `${m[1]}.${m[2]}(${m[3]}:)`],
  [/^(\w+)\.(\w+)/, (m) => `${m[1]}.${m[2]}`],
  [/^(\w+)/, (m) => m[1]!],
];

export function locationOf(description: string): string {
  for (const [re, at] of LOCATIONS) {
    const m = description.match(re);
    if (m) return at(m);
  }
  return '';
}

const userTypes = (schema: GraphQLSchema): GraphQLNamedType[] =>
  Object.values(schema.getTypeMap()).filter((t) => !isIntrospectionType(t) && !isSpecifiedScalarType(t));

/**
 * Types and fields the candidate adds: safe for clients, listed so a version says what it brought. (Added enum values
 * and input fields graphql-js already reports, as dangerous changes.)
 */
function additions(before: GraphQLSchema, after: GraphQLSchema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const type of userTypes(after)) {
    const old = before.getType(type.name);
    if (!old) {
      changes.push({ severity: 'SAFE', type: 'TYPE_ADDED', location: type.name, message: `${type.name} was added.` });
      continue;
    }
    const hasFields = (t: GraphQLNamedType) => isObjectType(t) || isInterfaceType(t) || isInputObjectType(t);
    if (!hasFields(type) || !hasFields(old) || isInputObjectType(type)) continue; // input fields added are reported by graphql-js
    const oldFields = (old as { getFields(): Record<string, unknown> }).getFields();
    for (const field of Object.keys(type.getFields())) {
      if (!(field in oldFields)) {
        changes.push({ severity: 'SAFE', type: 'FIELD_ADDED', location: `${type.name}.${field}`, message: `${type.name}.${field} was added.` });
      }
    }
  }
  return changes;
}

/**
 * The client-facing differences between two API schemas: breaking ones (removed or retyped fields and types,
 * nullable → non-null arguments, removed enum values…), dangerous ones (added enum values, changed defaults…) and
 * additions. Every change carries its location.
 */
export function diffApiSchemas(before: GraphQLSchema, after: GraphQLSchema): SchemaChange[] {
  // graphql-js reports a built-in scalar no field uses any more as removed; clients cannot notice it.
  const breaking = findBreakingChanges(before, after)
    .filter((c) => !c.description.startsWith('Standard scalar'))
    .map(
    (c): SchemaChange => ({ severity: 'BREAKING', type: c.type, location: locationOf(c.description), message: c.description }),
  );
  const dangerous = findDangerousChanges(before, after).map(
    (c): SchemaChange => ({ severity: 'DANGEROUS', type: c.type, location: locationOf(c.description), message: c.description }),
  );
  return [...breaking, ...dangerous, ...additions(before, after)];
}
