import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { validateRequest } from 'twilio';
import { appConfig, twilioConfig } from '@/config/configuration';

/**
 * Every Twilio webhook (status, recording, voice, gather, SMS) must carry a
 * valid X-Twilio-Signature for the URL Twilio was given: PUBLIC_URL + the
 * path and query, over the form parameters. Anything else is 403; a body
 * that is not form-encoded is 415 (Twilio signs form parameters only, so a
 * JSON body would be read and signed differently).
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(
    @Inject(twilioConfig.KEY) private readonly twilio: ConfigType<typeof twilioConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.is('application/x-www-form-urlencoded')) {
      throw new UnsupportedMediaTypeException('Expected application/x-www-form-urlencoded');
    }
    const signature = request.header('x-twilio-signature');
    if (!this.twilio.authToken || !signature) {
      throw new ForbiddenException('Invalid Twilio signature');
    }
    const url = `${this.app.publicUrl}${request.originalUrl}`;
    const params = Object.fromEntries(
      Object.entries((request.body as Record<string, unknown> | undefined) ?? {}).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    if (!validateRequest(this.twilio.authToken, signature, url, params)) {
      throw new ForbiddenException('Invalid Twilio signature');
    }
    return true;
  }
}
