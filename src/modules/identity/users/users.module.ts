import { Module } from '@nestjs/common';
import { UserRelationSource } from './users.loader';
import { UsersService } from './users.service';
import { VoicePinService } from './voice-pin.service';

/** People and their credentials. Depends on nothing else in the identity area. */
@Module({
  providers: [UsersService, VoicePinService, UserRelationSource],
  exports: [UsersService, VoicePinService],
})
export class UsersModule {}
