import { forbidden } from '../errors';
import type { Identity } from '../identity';

/**
 * Idempotency keys (`externalRef`) belong to whoever sends them: a receiver keeps one record per (reporter identity,
 * key), so another caller sending the same key gets a record of its own and never suppresses the first one's.
 * On top of that, keys in a service's namespace (`complex:…`, `powergrid:…`) are reserved to that service's identity:
 * nobody else may send them at all, so a key a service will send later cannot be taken first.
 */
const namespaces = new Map<string, string>();

/** Reserves keys starting with `<namespace>:` to the identity `ownerSubject` (a subgraph's service identity). */
export function reserveKeyNamespace(namespace: string, ownerSubject: string): void {
  if (!/^[a-z][a-z0-9-]*$/.test(namespace)) throw new Error(`key namespace "${namespace}" must be lower-case letters, digits and dashes`);
  const owner = namespaces.get(namespace);
  if (owner && owner !== ownerSubject) throw new Error(`key namespace ${namespace} is already reserved to ${owner}`);
  namespaces.set(namespace, ownerSubject);
}

/** The identity subject a key's namespace is reserved to, if any. */
export function keyNamespaceOwner(key: string): string | undefined {
  const colon = key.indexOf(':');
  return colon > 0 ? namespaces.get(key.slice(0, colon).toLowerCase()) : undefined;
}

/** FORBIDDEN (`extensions.rule: "reservedKey"`) when `key` lies in a namespace reserved to another identity. */
export function requireKeyOwner(identity: Identity, key: string, field = 'externalRef'): void {
  const owner = keyNamespaceOwner(key);
  if (owner !== undefined && owner !== identity.subject)
    throw forbidden(`${field} ${key.slice(0, key.indexOf(':') + 1)}… is reserved to another service: use a key of your own`, { field, rule: 'reservedKey' });
}

/** The reserved namespaces and their owners (docs, tests). */
export const reservedKeyNamespaces = (): ReadonlyMap<string, string> => namespaces;
