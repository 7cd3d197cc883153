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
import { appConfig, graphqlConfig } from '@/config/configuration';
import { DataLoaderRegistry } from './dataloader/dataloader-registry';
import { withRelationResolvers } from './dataloader/relation-field';
import { RelationSources } from './dataloader/relation-sources';
import { MetricsService } from '@/observability/metrics.service';
import { createErrorFormatter } from './errors/format-error';
import { GraphQLContext } from './graphql-context';
import { graphqlProtection } from './graphql-limits';
import { graphqlMetricsPlugin } from './graphql-metrics.plugin';
import { compiledExecutionPlugin } from './compiled-execution.plugin';
import { DateTimeScalar, withContractScalars } from './scalars';
import { GraphqlWsServer } from './graphql-ws.server';
import { SchemaFileWriter } from './schema-file.writer';
import { textInputPlugin } from './text-input.plugin';
import { CONNECTION_AUTHENTICATOR, ConnectionAuthenticator } from './connection-authenticator';
import { ApiRateLimiter, ApiRateLimitModule } from './rate-limit/api-rate-limiter';
import { admitHttpRequest } from './rate-limit/admit-request';

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
    ApiRateLimitModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [ApiRateLimitModule],
      inject: [
        graphqlConfig.KEY,
        appConfig.KEY,
        MetricsService,
        RelationSources,
        ApiRateLimiter,
        { token: CONNECTION_AUTHENTICATOR, optional: true },
      ],
      useFactory: (
        config: ConfigType<typeof graphqlConfig>,
        app: ConfigType<typeof appConfig>,
        metrics: MetricsService,
        relations: RelationSources,
        limiter: ApiRateLimiter,
        authenticator: ConnectionAuthenticator | undefined,
      ): ApolloDriverConfig => {
        const protection = graphqlProtection(config, app.production);
        return {
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          transformSchema: (schema) => withRelationResolvers(withContractScalars(schema)),
          buildSchemaOptions: {
            dateScalarMode: 'isoDate',
            scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
          },
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
            textInputPlugin(),
            // Queries run compiled (graphql-jit); any error sends them back to graphql-js.
            compiledExecutionPlugin(),
          ],
          formatError: createErrorFormatter(app.production),
          // Context creation is the first step of every request that reaches Apollo (after
          // CSRF prevention, before parsing): the request limit is spent here, and a refusal
          // becomes the response as it is (429, Retry-After, RATE_LIMITED).
          context: async ({
            req,
            res,
          }: {
            req: Request;
            res: Response;
          }): Promise<GraphQLContext> => {
            const viewer = await admitHttpRequest(limiter, authenticator, req);
            return { req, res, loaders: new DataLoaderRegistry(relations), viewer };
          },
        };
      },
    }),
  ],
  providers: [GraphqlWsServer, SchemaFileWriter],
  exports: [SchemaFileWriter],
})
export class GraphqlModule {}
