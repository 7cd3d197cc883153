import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** Metrics for every process. */
@Global()
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
