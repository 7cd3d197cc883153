import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { toInteger, emptyToUndefined } from './transforms';

/** Outgoing mail. */
export class MailVariables {
  /** smtp:// or smtps:// URL of the mail server (credentials in the URL); required in production. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Switchboard <no-reply@switchboard.local>';

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS = 8;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  MAIL_RETRY_INTERVAL_MS = 30000;

  /**
   * SMTP timeouts (ms): connecting and the server's greeting each get this,
   * an idle socket twice this; a delivery that times out is retried.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  SMTP_TIMEOUT_MS = 10_000;
}
