import { Module } from '@nestjs/common';
import { MailResolver } from './mail.resolver';
import { MailService } from './mail.service';

/** Outgoing mail (nodemailer over SMTP, or the log), recorded in `sent_mail`. */
@Module({
  providers: [MailService, MailResolver],
  exports: [MailService],
})
export class MailModule {}
