import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { appConfig, graphqlConfig } from '../config/configuration';
import { DataLoaderRegistry } from '../common/dataloader/dataloader-registry';
import { withRelationResolvers } from '../common/dataloader/relation-field';
import { RelationSources } from '../common/dataloader/relation-sources';
import { MetricsService } from '../observability/metrics.service';
import { createErrorFormatter } from './errors/format-error';
import { GraphQLContext } from './graphql-context';
import { graphqlProtection } from './graphql-limits';
import { graphqlMetricsPlugin } from './graphql-metrics.plugin';
import { withContractScalars } from './scalars';
import { GraphqlWsServer } from './graphql-ws.server';
import { SchemaFileWriter } from './schema-file.writer';

function landingPage(kind: 'sandbox' | 'production' | 'off') {
  switch (kind) {
    case 'sandbox':
      return ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false });
    case 'production':
      return ApolloServerPluginLandingPageProductionDefault({ footer: false });
    case 'off':
      return ApolloServerPluginLandingPageDisabled();
  }
}

/** One code-first schema on Apollo Server at /graphql, with limits, error codes and metrics. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [graphqlConfig.KEY, appConfig.KEY, MetricsService, RelationSources],
      useFactory: (
        config: ConfigType<typeof graphqlConfig>,
        app: ConfigType<typeof appConfig>,
        metrics: MetricsService,
        relations: RelationSources,
      ): ApolloDriverConfig => {
        const protection = graphqlProtection(config, app.production);
        return {
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          transformSchema: (schema) => withRelationResolvers(withContractScalars(schema)),
          buildSchemaOptions: { dateScalarMode: 'isoDate' },
          introspection: config.introspection,
          playground: false,
          csrfPrevention: true,
          allowBatchedHttpRequests: false,
          includeStacktraceInErrorResponses: false,
          autoTransformHttpErrors: false,
          parseOptions: { maxTokens: config.maxTokens },
          validationRules: protection.validationRules,
          plugins: [
            ...protection.plugins,
            // No cache hints are used; without this Apollo wraps every field resolver to collect them.
            ApolloServerPluginCacheControlDisabled(),
            landingPage(config.landingPage),
            graphqlMetricsPlugin(metrics),
          ],
          formatError: createErrorFormatter(app.production),
          context: ({ req, res }: { req: Request; res: Response }): GraphQLContext => ({
            req,
            res,
            loaders: new DataLoaderRegistry(relations),
          }),
        };
      },
    }),
  ],
  providers: [GraphqlWsServer, SchemaFileWriter],
  exports: [SchemaFileWriter],
})
export class GraphqlModule {}
