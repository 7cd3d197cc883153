import { Public } from '@/access/auth.decorators';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { ReadinessIndicators } from './health.indicators';

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ReadinessIndicators,
  ) {}

  /** The process is up and its event loop answers; nothing else is checked. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready for traffic: PostgreSQL, Redis (when configured) and the queue backend answer. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.indicators.database(),
      () => this.indicators.redisPing(),
      () => this.indicators.queueBackend(),
    ]);
  }
}
