import { Module } from '@nestjs/common';
import { VoicePruneProcessor } from './voice-prune.processor';
import { VoiceRepository } from './voice.repository';

/** The worker side of the voice assistant: pruning its session and turn records. */
@Module({ providers: [VoiceRepository, VoicePruneProcessor] })
export class VoiceJobsModule {}
