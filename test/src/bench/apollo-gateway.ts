import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { clientTokenVerifier, IDENTITY_HEADER, identityTokenSigner, type Identity, type IdentityKeys } from '@gridhub/kit';

export interface RunningApolloGateway {
  url: string;
  stop(): Promise<void>;
}

interface Context {
  identity?: Identity;
}

/**
 * The baseline: plain `@apollo/gateway` in Apollo Server's standalone server, as its documentation sets it up, with
 * none of our plugins (no limits, metrics, dedup, request ids) and its default fetcher. With `auth`, the only thing
 * added is what our subgraphs require: the client token checked and an identity token per subgraph fetch, from the
 * same verifier and signer our gateway uses.
 */
export async function startApolloGateway(
  supergraphSdl: string,
  auth?: { jwtSecret: string; identityKeys: IdentityKeys },
  port = 0,
): Promise<RunningApolloGateway> {
  const verify = auth ? clientTokenVerifier({ secret: auth.jwtSecret }) : undefined;
  const tokenFor = auth ? identityTokenSigner(auth.identityKeys) : undefined;
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<Context>({
        url,
        async willSendRequest({ request, context }) {
          if (tokenFor && context.identity) request.http?.headers.set(IDENTITY_HEADER, await tokenFor(context.identity, name));
        },
      }),
  });
  const server = new ApolloServer<Context>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async ({ req }) => ({ identity: verify && req.headers.authorization ? await verify(req.headers.authorization) : undefined }),
  });
  return { url: new URL('/graphql', url).toString(), stop: () => server.stop() };
}
