import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientTokenVerifier, IDENTITY_HEADER, identityTokenSigner, type IdentityKeys } from '@gridhub/kit';

export interface RunningHiveGateway {
  url: string;
  stop(): Promise<void>;
}

export interface HiveGatewayOptions {
  /** Hive Gateway's in-flight deduplication of identical subgraph fetches (its default: on). */
  dedup?: boolean;
  /** `--jit`: graphql-jit compiled execution (`@graphql-mesh/plugin-jit`, what the CLI flag loads). */
  jit?: boolean;
  port?: number;
}

/**
 * Hive Gateway (`@graphql-hive/gateway`, offline) serving a supergraph SDL. With `auth`, it plays our gateway's part
 * towards our subgraphs, which accept only identity tokens signed with the gateway key: it checks the client token
 * (same verifier as ours) and sends each subgraph a token for that audience from the same signer our gateway uses
 * (one per caller and subgraph, reused for 30 s), so the comparison measures the gateways, not their token handling.
 */
export async function startHiveGateway(
  supergraph: string,
  auth?: { jwtSecret: string; identityKeys: IdentityKeys },
  options: HiveGatewayOptions = {},
): Promise<RunningHiveGateway> {
  const { createGatewayRuntime, usePropagateHeaders } = await import('@graphql-hive/gateway');
  const plugins: unknown[] = [];
  if (auth) {
    const verify = clientTokenVerifier({ secret: auth.jwtSecret });
    const tokenFor = identityTokenSigner(auth.identityKeys);
    plugins.push(
      usePropagateHeaders({
        fromClientToSubgraphs: async ({ request, subgraphName }) => {
          const authorization = request.headers.get('authorization');
          if (!authorization) return {};
          return { [IDENTITY_HEADER]: await tokenFor(await verify(authorization), subgraphName) };
        },
      }),
    );
  }
  if (options.jit) {
    const { useJIT } = await import('@graphql-mesh/plugin-jit');
    plugins.push(useJIT());
  }
  const runtime = createGatewayRuntime({
    supergraph,
    logging: false,
    ...(options.dedup === false ? { transportEntries: { '*': { options: { deduplicateInflightRequests: false } } } } : {}),
    plugins: () => plugins as never,
  });
  const server: Server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime.dispose();
    },
  };
}
