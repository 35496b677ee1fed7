import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents from the committed API schema (../../schema.graphql, `pnpm schema`) and the operations in
 * src/operations; `pnpm codegen` regenerates src/generated. persisted-documents.json maps each document's sha256
 * (bare hex, what Apollo's persisted queries and the gateway's trusted-documents manifest use) to its exact text.
 */
const config: CodegenConfig = {
  overwrite: true,
  schema: '../../schema.graphql',
  documents: 'src/operations/*.graphql',
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: (text: string) => createHash('sha256').update(text).digest('hex') },
      },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTimeISO: 'string' } },
    },
  },
};

export default config;
