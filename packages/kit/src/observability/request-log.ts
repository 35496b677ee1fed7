import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from '../log';

/**
 * Logs each GraphQL operation at debug level: its name and variables when it starts (personal data in the variables
 * is censored by the logger's redaction paths), its duration and error codes when it ends. The request id and the
 * trace id come with every line from the logger itself.
 */
export function requestLogPlugin<C extends BaseContext & { log: Logger }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didResolveOperation({ contextValue, operationName, request }) {
          contextValue.log?.debug({ operationName, variables: request.variables }, 'graphql operation');
        },
        async willSendResponse({ contextValue, operationName, response }) {
          if (!contextValue.log?.isLevelEnabled('debug')) return;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors ?? [] : [];
          contextValue.log.debug(
            { operationName, ms: Math.round(performance.now() - started), errors: errors.map((e) => e.extensions?.code ?? 'INTERNAL') },
            'graphql operation done',
          );
        },
      };
    },
  };
}
