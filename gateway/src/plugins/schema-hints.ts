import type { GatewayContext, GatewayPlugin } from './plugin';

export interface SchemaHintsOptions {
  /** Whether this caller has introspection rights, and so may read schema details in error messages. */
  allowed(context: GatewayContext): boolean;
}

/** graphql-js's suggestion list: `Did you mean "name"?`, `Did you mean the enum value "ACTIVE"?`, … */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Strips "Did you mean …?" from every error a caller without introspection rights receives: validation errors,
 * variable coercion and subgraph errors alike. Otherwise a caller refused introspection could still enumerate the
 * schema one typo at a time.
 */
export function useSchemaHints(options: SchemaHintsOptions): GatewayPlugin {
  return {
    name: 'schema-hints',
    apollo: {
      async requestDidStart({ contextValue }) {
        if (options.allowed(contextValue)) return;
        return {
          async didEncounterErrors({ errors }) {
            for (const error of errors) if (error.message.includes('Did you mean')) (error as { message: string }).message = error.message.replace(SUGGESTION, '');
          },
        };
      },
    },
  };
}
