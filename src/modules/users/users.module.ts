import { Module } from '@nestjs/common';
import { MailModule } from '@/modules/mail/mail.module';
import { EmailVerificationService } from './email-verification.service';
import { UserRelationSource } from './users.loader';
import { UsersService } from './users.service';
import { VoicePinService } from './voice-pin.service';

/** People and their credentials. Depends on nothing else in the identity area (mail sends their verification links). */
@Module({
  imports: [MailModule],
  providers: [UsersService, VoicePinService, UserRelationSource, EmailVerificationService],
  exports: [UsersService, VoicePinService, EmailVerificationService],
})
export class UsersModule {}
