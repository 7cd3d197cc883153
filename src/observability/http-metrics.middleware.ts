import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/**
 * Times every HTTP request, including those Nest does not route itself
 * (Apollo's /graphql). The route label is the matched pattern or the mount
 * path, never the raw URL, so ids in paths cannot explode the label set.
 */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const end = metrics.httpRequestDuration.startTimer();
    response.on('finish', () => {
      const pattern = (request.route as { path?: string } | undefined)?.path;
      // Express 5 mounts Apollo as `/graphql{/*path}`; the wildcard adds nothing to the label.
      const route = pattern
        ? `${request.baseUrl}${pattern}`.replace(/\/?\{?\/?\*\w+\}?$/, '')
        : 'unmatched';
      end({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}
