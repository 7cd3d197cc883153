import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { APOLOGY_TWIML } from './voice-twiml';

/** What the signature guard answers (a forged or non-form request); nothing else leaves as an error. */
const PASSED_THROUGH = new Set([403, 415]);

/**
 * No voice webhook answers a 5xx (Twilio would play its own error message
 * and drop the call): any failure becomes an apology in TwiML. Only the
 * signature guard's 403 and 415 are answered as such. The log line names
 * the error only (never the request, which may hold a PIN).
 */
@Catch()
export class VoiceErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(VoiceErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof HttpException && PASSED_THROUGH.has(error.getStatus())) {
      response.status(error.getStatus()).json(error.getResponse());
      return;
    }
    this.logger.error(
      error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error',
      'voice webhook failed; answered with an apology',
    );
    response.status(200).type('text/xml').send(APOLOGY_TWIML());
  }
}
