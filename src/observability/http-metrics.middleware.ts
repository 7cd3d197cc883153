import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Times every HTTP request; the route label is the matched pattern, never the raw URL. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const end = this.metrics.httpRequestDuration.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      end({
        method: request.method,
        route: route ?? (request.baseUrl || 'unmatched'),
        status: String(response.statusCode),
      });
    });
    next();
  }
}
