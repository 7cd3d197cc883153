import { Module } from '@nestjs/common';
import { MailResolver } from './mail.resolver';
import { MailService } from './mail.service';
import { SentMailRepository } from './sent-mail.repository';

/** Outgoing mail (nodemailer over SMTP, or the log), recorded in `sent_mail`. */
@Module({
  providers: [MailService, SentMailRepository, MailResolver],
  exports: [MailService],
})
export class MailModule {}
