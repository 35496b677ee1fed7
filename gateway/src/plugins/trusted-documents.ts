import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DocumentStore, PersistedQueryOptions } from '@apollo/server';
import { Kind, parse, type DocumentNode } from 'graphql';
import { GridhubError } from '@gridhub/kit';
import type { GatewayPlugin } from './plugin';

/**
 * The registered operations: a JSON object mapping each document's sha256 (hex, of its exact text) to the document,
 * or Apollo's persisted-query manifest (`{ format: "apollo-persisted-query-manifest", operations: [{ id, body }] }`).
 */
export type TrustedDocumentsManifest = Record<string, string> | { format: 'apollo-persisted-query-manifest'; version?: number; operations: { id: string; body: string }[] };

export interface TrustedDocumentsOptions {
  /** The manifest, or the path of its JSON file (read once, at start). */
  manifest: string | TrustedDocumentsManifest;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Reads and checks a manifest: every id must be the sha256 of its document, so a hash names exactly one text. */
export function loadManifest(manifest: string | TrustedDocumentsManifest): ReadonlyMap<string, string> {
  const parsed: unknown = typeof manifest === 'string' ? JSON.parse(readFileSync(manifest, 'utf8')) : manifest;
  if (!parsed || typeof parsed !== 'object') throw new Error('trusted-documents manifest: expected a JSON object');
  const entries: [string, unknown][] =
    'format' in parsed && (parsed as { format: unknown }).format === 'apollo-persisted-query-manifest'
      ? ((parsed as { operations?: { id: string; body: unknown }[] }).operations ?? []).map((op) => [op.id, op.body])
      : Object.entries(parsed);
  const documents = new Map<string, string>();
  for (const [hash, body] of entries) {
    if (typeof body !== 'string') throw new Error(`trusted-documents manifest: the document of ${hash} is not a string`);
    if (sha256Hex(body) !== hash.toLowerCase()) throw new Error(`trusted-documents manifest: ${hash} is not the sha256 of its document`);
    documents.set(hash.toLowerCase(), body);
  }
  return documents;
}

/** Apollo's APQ store, answering from the manifest only: a client may look a registered hash up, and nothing it sends is ever stored. */
function manifestCache(documents: ReadonlyMap<string, string>): NonNullable<PersistedQueryOptions['cache']> {
  return {
    async get(key) {
      return documents.get(hashOf(key));
    },
    async set() {},
    async delete() {
      return false;
    },
  };
}

/** Apollo prefixes cache keys (`apq:<hash>`, `<schema hash>:<hash>`); the operation's hash follows the last colon. */
const hashOf = (key: string) => key.slice(key.lastIndexOf(':') + 1).toLowerCase();

/**
 * Stands in for an unregistered document so that Apollo neither parses nor validates it: parsing costs CPU, and
 * validation errors would describe the schema ("Did you mean …?") to a caller who is about to be refused anyway.
 * It is never executed: `didResolveOperation` refuses the operation by its hash first.
 */
const UNTRUSTED: DocumentNode = parse('{ __typename }');

/**
 * Apollo's store of parsed, validated documents, keyed by hash before anything is parsed: an unregistered hash gets
 * the placeholder above; a registered one is parsed and validated against the schema being served on first use,
 * then kept. Keys carry the schema's hash, so a new supergraph validates again; one entry per registered operation.
 */
function trustedDocumentStore(documents: ReadonlyMap<string, string>): DocumentStore {
  const validated = new Map<string, { key: string; document: DocumentNode }>();
  return {
    async get(key) {
      const hash = hashOf(key);
      if (!documents.has(hash)) return UNTRUSTED;
      const entry = validated.get(hash);
      return entry?.key === key ? entry.document : undefined;
    },
    async set(key, document) {
      const hash = hashOf(key);
      if (documents.has(hash)) validated.set(hash, { key, document });
    },
    async delete(key) {
      return validated.delete(hashOf(key));
    },
  };
}

/**
 * Trusted-documents mode: only operations registered in the manifest execute, whether sent as the full document
 * (byte for byte the registered text) or by hash through Automatic Persisted Queries
 * (`extensions.persistedQuery.sha256Hash`). An unknown hash sent alone gets Apollo's PERSISTED_QUERY_NOT_FOUND; an
 * unregistered document is refused with OPERATION_NOT_TRUSTED without being parsed or validated.
 */
export function useTrustedDocuments(options: TrustedDocumentsOptions): GatewayPlugin & { operationNames: ReadonlySet<string> } {
  const documents = loadManifest(options.manifest);
  return {
    name: 'trusted-documents',
    operationNames: operationNamesOf(documents.values()),
    server: { persistedQueries: { cache: manifestCache(documents) }, documentStore: trustedDocumentStore(documents) },
    apollo: {
      async requestDidStart() {
        return {
          // The first hook that may refuse with an error response (a throw in an earlier one becomes a 500).
          async didResolveOperation({ queryHash, operationName }) {
            if (documents.has(queryHash)) return;
            throw new GridhubError('OPERATION_NOT_TRUSTED', 'this gateway runs only registered operations; register this one in the trusted-documents manifest', {
              hash: queryHash,
              ...(operationName ? { operationName } : {}),
              http: { status: 400 },
            });
          },
        };
      },
    },
  };
}

/** The names of the operations the registered documents define (metric labels are kept for these only). */
export function operationNamesOf(documents: Iterable<string>): ReadonlySet<string> {
  const names = new Set<string>();
  for (const text of documents) {
    let document: DocumentNode;
    try {
      document = parse(text);
    } catch {
      continue; // a registered document that does not parse is refused when used; it names no operation
    }
    for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION && def.name) names.add(def.name.value);
  }
  return names;
}

/**
 * Production without a manifest: Automatic Persisted Queries may look documents up but never register them, so a
 * client cannot store documents in the gateway (there are none to find: a client sends the full document instead,
 * as Apollo's APQ link does after PERSISTED_QUERY_NOT_FOUND).
 */
export function useApqLookupOnly(): GatewayPlugin {
  return { name: 'apq-lookup-only', server: { persistedQueries: { cache: manifestCache(new Map()) } } };
}
