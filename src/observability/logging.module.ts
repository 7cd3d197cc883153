import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appConfig } from '@/config/configuration';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** A caller's X-Request-Id when it is sane, otherwise a new one; echoed back either way. */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Routes whose query strings carry secrets (OAuth `code` and `state`,
 * webhook tokens): their URLs are logged without the query string.
 */
const SECRET_QUERY_ROUTES = /^\/(?:oauth|webhooks)(?:[/?]|$)/;

/** The URL as a request log line shows it: OAuth and webhook query strings redacted. */
export function loggableUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0 || !SECRET_QUERY_ROUTES.test(url)) return url;
  return `${url.slice(0, query)}?[redacted]`;
}

/**
 * Structured logs (pino): JSON, or pino-pretty lines in development on a
 * terminal (LOG_FORMAT); every line of a request carries its request id as
 * `reqId`.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: requestId,
          autoLogging: {
            ignore: (request: IncomingMessage) =>
              request.url?.startsWith('/health') === true || request.url === '/metrics',
          },
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-twilio-signature"]',
              'res.headers["set-cookie"]',
            ],
            censor: '[redacted]',
          },
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({
              id: request.id,
              method: request.method,
              url: loggableUrl(request.url),
            }),
          },
          base: { service: 'switchboard', pid: process.pid },
          ...(config.prettyLogs
            ? {
                transport: {
                  target: 'pino-pretty',
                  options: {
                    singleLine: true,
                    translateTime: 'SYS:HH:MM:ss.l',
                    ignore: 'pid,hostname,service',
                  },
                },
              }
            : {}),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
