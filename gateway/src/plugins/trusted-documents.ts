import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PersistedQueryOptions } from '@apollo/server';
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

/**
 * Apollo's APQ store, answering from the manifest only: a client may look a registered hash up, and nothing it
 * sends is ever stored. Apollo prefixes keys (`apq:<hash>`); only the hash after the last colon matters.
 */
function manifestCache(documents: ReadonlyMap<string, string>): NonNullable<PersistedQueryOptions['cache']> {
  const hashOf = (key: string) => key.slice(key.lastIndexOf(':') + 1).toLowerCase();
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

/**
 * Trusted-documents mode: only operations registered in the manifest execute, whether sent as the full document
 * (byte for byte the registered text) or by hash through Automatic Persisted Queries
 * (`extensions.persistedQuery.sha256Hash`). An unknown hash sent alone gets Apollo's PERSISTED_QUERY_NOT_FOUND; an
 * unregistered document is refused with OPERATION_NOT_TRUSTED once parsed, before any subgraph is called.
 */
export function useTrustedDocuments(options: TrustedDocumentsOptions): GatewayPlugin {
  const documents = loadManifest(options.manifest);
  return {
    name: 'trusted-documents',
    server: { persistedQueries: { cache: manifestCache(documents) } },
    apollo: {
      async requestDidStart() {
        return {
          // Apollo's hooks may only refuse with an error response from here on; an earlier throw becomes a 500.
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
