import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run codegen`: types for every operation in src/ from Switchboard's
 * schema file (the repository root's schema.gql, written by the server).
 * The output in src/gql/ is committed.
 */
const config: CodegenConfig = {
  schema: '../../schema.gql',
  documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
