import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientTokenVerifier, IDENTITY_HEADER, signIdentityToken, type IdentityKeys } from '@gridhub/kit';

export interface RunningHiveGateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * Hive Gateway (`@graphql-hive/gateway`, in this process, offline) serving a supergraph SDL our registry composed.
 * Our subgraphs accept only identity tokens signed with the gateway key, so Hive Gateway plays our gateway's part
 * through its header-propagation hook: it checks the client token (same HS256 secret) and sends each subgraph a
 * token signed with the gateway key for that audience, as our gateway does per subgraph request.
 */
export async function startHiveGateway(supergraph: string, auth: { jwtSecret: string; identityKeys: IdentityKeys }): Promise<RunningHiveGateway> {
  const { createGatewayRuntime, usePropagateHeaders } = await import('@graphql-hive/gateway');
  const verify = clientTokenVerifier({ secret: auth.jwtSecret });
  const runtime = createGatewayRuntime({
    supergraph,
    logging: false,
    plugins: () => [
      usePropagateHeaders({
        fromClientToSubgraphs: async ({ request, subgraphName }) => {
          const authorization = request.headers.get('authorization');
          if (!authorization) return {};
          const identity = await verify(authorization);
          return { [IDENTITY_HEADER]: await signIdentityToken(auth.identityKeys, identity, subgraphName) };
        },
      }),
    ],
  });
  const server: Server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime.dispose();
    },
  };
}
