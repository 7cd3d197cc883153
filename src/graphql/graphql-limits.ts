import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ConfigType } from '@nestjs/config';
import { graphqlConfig } from '../config/configuration';

/**
 * Refuses the well-known GraphQL denial-of-service shapes before execution:
 * deep nesting, alias floods, token floods (hundreds of duplicated fields),
 * directive floods and overall cost. Batched arrays are refused by Apollo
 * (`allowBatchedHttpRequests: false`), oversized bodies by the body parser.
 */
export function graphqlProtection(config: ConfigType<typeof graphqlConfig>, production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: config.maxDepth, ignoreIntrospection: false },
    maxAliases: { n: config.maxAliases },
    // Token counting happens in the parser itself (Apollo's `parseOptions`,
    // graphql-ws's parse), so an oversized document is a GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    maxDirectives: { n: config.maxDirectives },
    costLimit: { maxCost: config.maxCost, ignoreIntrospection: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
}
