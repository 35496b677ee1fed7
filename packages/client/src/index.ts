import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import * as generated from './generated/graphql';
import manifest from './generated/persisted-documents.json';

export type * from './generated/graphql';

/**
 * The trusted-documents manifest: each operation's sha256 (hex) → its exact text. The gateway runs only these in
 * trusted-documents mode (`GatewayOptions.trustedDocuments`, file src/generated/persisted-documents.json).
 */
export const trustedDocuments: Readonly<Record<string, string>> = manifest;

/** The sha256 a document is registered under (what a persisted-query client sends in `extensions.persistedQuery`). */
export const documentHash = (document: TypedDocumentNode<unknown, never>): string =>
  // codegen's persisted-documents option puts the hash under `__meta__` (client preset's naming).
  (document as unknown as Record<string, { hash: string }>)['__meta__']!.hash;

/**
 * Gives a generated document its registered text as its source (`loc.source.body`, as graphql-tag documents carry
 * theirs), so a client that sends a document's source sends byte for byte what the manifest holds: the gateway
 * accepts it in trusted-documents mode, and an APQ hash always matches its text.
 */
function registered<R, V>(document: TypedDocumentNode<R, V>): TypedDocumentNode<R, V> {
  const body = manifest[documentHash(document as TypedDocumentNode<unknown, never>) as keyof typeof manifest];
  if (body === undefined) throw new Error('a generated document is missing from persisted-documents.json: run `pnpm codegen`');
  return Object.assign(document, { loc: { start: 0, end: body.length, source: { body, name: 'GraphQL request', locationOffset: { line: 1, column: 1 } } } });
}

export const CommandCenterDocument = registered(generated.CommandCenterDocument);
export const ClosedEventsDocument = registered(generated.ClosedEventsDocument);
export const EventTimelineDocument = registered(generated.EventTimelineDocument);
export const MyQueueDocument = registered(generated.MyQueueDocument);
