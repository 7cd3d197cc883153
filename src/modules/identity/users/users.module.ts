import { Module } from '@nestjs/common';
import { UsersService } from './users.service';
import { VoicePinService } from './voice-pin.service';

/** People and their credentials. Depends on nothing else in the identity area. */
@Module({
  providers: [UsersService, VoicePinService],
  exports: [UsersService, VoicePinService],
})
export class UsersModule {}
