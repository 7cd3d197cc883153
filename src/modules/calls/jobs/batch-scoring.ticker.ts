import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { callsConfig } from '@/config/configuration';
import { BatchScoringService } from '../scoring/batch-scoring.service';

/**
 * Runs BatchScoringService.tick every CALL_SCORING_BATCH_TICK_MS in each
 * worker (only when ANTHROPIC_API_KEY is set), one tick at a time. Its
 * state lives in PostgreSQL and each step takes its rows with SKIP LOCKED,
 * so any number of workers share the work and a restarted worker picks up
 * where the last one stopped.
 */
@Injectable()
export class BatchScoringTicker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BatchScoringTicker.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly batches: BatchScoringService,
    @Inject(callsConfig.KEY) private readonly config: ConfigType<typeof callsConfig>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.batches.enabled) return;
    this.timer = setInterval(() => void this.tick(), this.config.batch.tickMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One tick, unless the last is still running. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.batches
      .tick()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'batch scoring tick failed'))
      .finally(() => (this.running = null));
    return this.running;
  }
}
