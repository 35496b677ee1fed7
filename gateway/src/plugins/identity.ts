import { IDENTITY_HEADER, identityTokenSigner, Role, sendJson, unauthenticated, type Identity, type IdentityKeys, type IdentityTokenSignerOptions } from '@gridhub/kit';
import type { GatewayPlugin } from './plugin';

export interface IdentityTokensOptions {
  /** The gateway's signing key pair; subgraphs hold its public half. */
  keys: IdentityKeys;
  /** Token lifetime and reuse (defaults: 60 s tokens, each handed out for 30 s per caller and subgraph). */
  tokens?: IdentityTokenSignerOptions;
}

/**
 * Whom the gateway speaks as when it loads a subgraph's schema (`_service { sdl }`, which reads no data):
 * the read-only role, so the token is worth nothing if it leaks.
 */
/** Where the gateway publishes the public keys its identity tokens are verified with. */
export const JWKS_PATH = '/.well-known/jwks.json';

const SCHEMA_LOADER: Identity = { subject: 'gridhub-gateway', role: Role.AUDITOR };

/**
 * Forwards the caller's identity to each subgraph as a short-lived token signed by the gateway with the subgraph as
 * audience, so no subgraph can replay it to another. One token per (caller, subgraph) is reused for a short while
 * (`identityTokenSigner`); the request id goes in its own header (request-id plugin). An anonymous operation is refused here, before any subgraph
 * is asked (the subgraph would refuse it anyway, with a 401 that names its internal URL).
 */
export function useIdentityTokens(options: IdentityTokensOptions): GatewayPlugin {
  const tokenFor = identityTokenSigner(options.keys, options.tokens);
  return {
    name: 'identity-tokens',
    // The public half, for subgraphs in other processes (GRIDHUB_IDENTITY_JWKS_URL): never the private key.
    routes: [{ method: 'GET', path: JWKS_PATH, handle: (_req, res) => sendJson(res, 200, options.keys.publicJwks) }],
    // Refuse an anonymous operation as soon as it is parsed, so even one touching no subgraph gets nothing.
    apollo: {
      async requestDidStart() {
        return {
          async didResolveOperation({ contextValue }) {
            if (!contextValue.identity) throw unauthenticated('send a token: Authorization: Bearer <token> (`gridhub token --role ROLE`)');
          },
        };
      },
    },
    async onSubgraphRequest({ subgraph, headers, context }) {
      const identity = context ? context.identity : SCHEMA_LOADER;
      if (!identity) throw unauthenticated();
      headers.set(IDENTITY_HEADER, await tokenFor(identity, subgraph));
    },
  };
}
