import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { voiceConfig } from '@/config/configuration';
import { MaintenanceJob, MaintenanceJobProcessor } from '@/messaging/maintenance-job';
import { VoiceRepository } from './voice.repository';

const PRUNE_BATCH = 5000;

/**
 * `maintenance`/`prune-voice-sessions`: hourly, voice sessions and turns
 * older than VOICE_RETENTION_DAYS. A turn's stored TwiML only matters while
 * Twilio may retry its webhook (minutes); the call itself, with its
 * transcript, stays on the call board.
 */
@Injectable()
@MaintenanceJob({ name: 'prune-voice-sessions', everyMs: 3600_000 })
export class VoicePruneProcessor implements MaintenanceJobProcessor {
  constructor(
    private readonly voice: VoiceRepository,
    @Inject(voiceConfig.KEY) private readonly config: ConfigType<typeof voiceConfig>,
  ) {}

  process(): Promise<{ turns: number; sessions: number }> {
    return this.voice.deleteOlderThan(this.config.retentionDays, PRUNE_BATCH);
  }
}
