import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ConfigType } from '@nestjs/config';
import { graphqlConfig } from '@/config/configuration';
import { queryCostRule } from './query-cost';

/**
 * Refuses the well-known GraphQL denial-of-service shapes before execution:
 * deep nesting, alias floods, token floods, repeated fields, directive
 * floods and overall cost, where lists multiply what is under them. Batched arrays are refused by Apollo
 * (`allowBatchedHttpRequests: false`), oversized bodies by the body parser.
 */
export function graphqlProtection(config: ConfigType<typeof graphqlConfig>, production: boolean) {
  const armor = new ApolloArmor({
    maxDepth: { n: config.maxDepth, ignoreIntrospection: false },
    maxAliases: { n: config.maxAliases },
    // Token counting happens in the parser itself (Apollo's `parseOptions`,
    // graphql-ws's parse), so an oversized document is a GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    maxDirectives: { n: config.maxDirectives },
    // Cost is ours (query-cost.ts): graphql-armor's does not multiply by page sizes.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    ...armor,
    validationRules: [...armor.validationRules, queryCostRule(config.maxCost)],
  };
}
