import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { registryError, type RegistryError } from './errors';
import type { CompositionHintInfo, SubgraphRecord } from './types';

export type Composition = { ok: true; supergraphSdl: string; hints: CompositionHintInfo[] } | { ok: false; errors: RegistryError[] };

/** A coordinate quoted in a composition message (`Type of field "Person.name" is incompatible…`). */
const quotedCoordinate = (message: string): string | undefined => message.match(/"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)"/)?.[1];

/** Parses a subgraph's SDL; a syntax error is an INVALID_SDL result naming the subgraph. */
export function parseSdl(name: string, sdl: string): { ok: true; document: DocumentNode } | { ok: false; error: RegistryError } {
  try {
    return { ok: true, document: parse(sdl) };
  } catch (err) {
    return { ok: false, error: registryError('INVALID_SDL', `subgraph "${name}": ${(err as Error).message}`, { subgraph: name }) };
  }
}

/** Composes a subgraph set with @apollo/composition; errors are returned, never thrown. */
export function composeSubgraphs(subgraphs: SubgraphRecord[]): Composition {
  const services = [];
  for (const s of subgraphs) {
    const parsed = parseSdl(s.name, s.sdl);
    if (!parsed.ok) return { ok: false, errors: [parsed.error] };
    services.push({ name: s.name, url: s.url, typeDefs: parsed.document });
  }
  const result = composeServices(services);
  if (result.errors) {
    return {
      ok: false,
      errors: result.errors.map((e) =>
        registryError('COMPOSITION_ERROR', e.message, { reason: String(e.extensions?.code ?? 'UNKNOWN'), location: quotedCoordinate(e.message) }),
      ),
    };
  }
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((h) => ({ code: h.definition.code, message: h.message, location: h.coordinate })),
  };
}

/** The schema clients see (federation machinery and @inaccessible elements removed). */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

export type SupergraphValidation = { ok: true; subgraphs: { name: string; url: string }[] } | { ok: false; message: string };

/**
 * Whether a supergraph SDL can be served: it builds (a valid federation supergraph with a derivable API schema)
 * and every subgraph has a routing URL. What the gateway checks before swapping to a new supergraph.
 */
export function validateSupergraph(supergraphSdl: string): SupergraphValidation {
  try {
    const supergraph = Supergraph.build(supergraphSdl);
    supergraph.apiSchema();
    const subgraphs = supergraph.subgraphsMetadata().map(({ name, url }) => ({ name, url }));
    const missing = subgraphs.filter((s) => !s.url).map((s) => s.name);
    if (missing.length) return { ok: false, message: `subgraphs without a routing URL: ${missing.join(', ')}` };
    if (subgraphs.length === 0) return { ok: false, message: 'the supergraph has no subgraph' };
    return { ok: true, subgraphs };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
