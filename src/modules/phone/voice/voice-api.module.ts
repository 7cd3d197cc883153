import { Module } from '@nestjs/common';
import { AssistantModule } from '@/modules/assistant/assistant.module';
import { CallsModule } from '@/modules/calls/calls.module';
import { UsersModule } from '@/modules/users/users.module';
import { VoiceCallRecorder } from './voice-call-recorder';
import { VoiceWebhooksController } from './voice-webhooks.controller';
import { VoiceModule } from './voice.module';
import { VoiceService } from './voice.service';

/**
 * The voice assistant on Twilio (api side): PIN login by caller ID or a
 * keyed-in number, then the assistant engine turn by turn, each call on the
 * call board with its turns as the transcript.
 */
@Module({
  imports: [AssistantModule, CallsModule, UsersModule, VoiceModule],
  controllers: [VoiceWebhooksController],
  providers: [VoiceService, VoiceCallRecorder],
})
export class VoiceApiModule {}
