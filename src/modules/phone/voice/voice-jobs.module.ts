import { Module } from '@nestjs/common';
import { VoicePruneProcessor } from './voice-prune.processor';
import { VoiceModule } from './voice.module';

/** The worker side of the voice assistant: pruning its session and turn records. */
@Module({ imports: [VoiceModule], providers: [VoicePruneProcessor] })
export class VoiceJobsModule {}
