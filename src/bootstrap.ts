import { IncomingMessage } from 'node:http';
import { INestApplicationContext, Logger as NestLogger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { appConfig } from '@/config/configuration';
import { EmbeddedPostgres } from '@/database/embedded-postgres';
import { httpMetricsMiddleware } from '@/observability/http-metrics.middleware';
import { MetricsService } from '@/observability/metrics.service';
import { shutdownTracing } from '@/observability/trace-context';
import { WorkerModule } from './worker.module';

/**
 * Twilio's JSON webhooks are signed over their exact bytes (TwilioSignatureGuard:
 * bodySHA256), so their raw body is kept; no other request pays for a copy.
 */
function keepTwilioRawBody(
  request: IncomingMessage & { rawBody?: Buffer },
  _: unknown,
  body: Buffer,
): void {
  if (request.url?.startsWith('/webhooks/twilio/')) request.rawBody = body;
}

/** Creates the api application, configured exactly as in production (tests use this too). */
export async function createApiApplication(
  options: AppModuleOptions & { logger?: boolean } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    bodyParser: false,
    bufferLogs: options.logger !== false,
    logger: options.logger === false ? false : undefined,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.useBodyParser('json', { limit: config.httpBodyLimit, verify: keepTwilioRawBody });
  app.useBodyParser('urlencoded', { limit: config.httpBodyLimit, extended: false });
  app.enableCors({ origin: config.corsOrigins, credentials: true, maxAge: 600 });
  app.disable('x-powered-by');
  // No ETag: it is a SHA-1 of every response body, and GraphQL clients do not revalidate with it.
  app.set('etag', false);
  // Only proxies named by TRUST_PROXY may tell us the client IP (X-Forwarded-For); by default none.
  app.set('trust proxy', config.trustProxy);
  return app;
}

export async function createWorkerContext(
  options: { logger?: boolean } = {},
): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(WorkerModule, {
    bufferLogs: options.logger !== false,
    logger: options.logger === false ? false : undefined,
  });
  if (options.logger !== false) context.useLogger(context.get(Logger));
  return context;
}

/**
 * On SIGTERM/SIGINT: stop accepting work, close sockets, let active requests
 * and jobs finish, then stop. A second signal or the timeout forces the exit.
 */
export function closeGracefullyOnSignals(app: INestApplicationContext): void {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  const logger = new NestLogger('Shutdown');
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal}: draining (at most ${config.shutdownTimeoutMs} ms)`);
    setTimeout(() => {
      logger.error('shutdown timed out: exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    app
      .close()
      .then(() => EmbeddedPostgres.stopAll())
      // The last spans (the shutdown's own among them) are exported before the exit.
      .then(() => shutdownTracing())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(error instanceof Error ? error.stack : String(error));
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
