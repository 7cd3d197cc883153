import { Module } from '@nestjs/common';
import { VoiceRepository } from './voice.repository';

/**
 * The voice assistant's core: its SQL (sessions, turns), one instance per
 * process. VoiceApiModule (the webhooks) and VoiceJobsModule (pruning)
 * import it, so `npm start`, which runs both, holds one VoiceRepository.
 */
@Module({ providers: [VoiceRepository], exports: [VoiceRepository] })
export class VoiceModule {}
