import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { validateRequest, validateRequestWithBody } from 'twilio';
import { appConfig, twilioConfig } from '@/config/configuration';

const ACCEPTS_JSON = 'twilio:accepts-json';

/**
 * On a webhook handler: Twilio may post it a JSON body (Conversational
 * Intelligence's webhook), signed through `bodySHA256`. Every other Twilio
 * webhook is form-encoded, and a JSON body there is 415.
 */
export const AcceptsTwilioJson = (): MethodDecorator => SetMetadata(ACCEPTS_JSON, true);

/**
 * Every Twilio webhook (status, recording, voice, gather, SMS) must carry a
 * valid X-Twilio-Signature for the URL Twilio was given: PUBLIC_URL + the
 * path and query, over the form parameters. Anything else is 403; a body
 * that is not form-encoded is 415, but on a handler marked
 * `@AcceptsTwilioJson()`, where a JSON body (Conversational Intelligence's
 * webhook) is accepted too, signed the way Twilio signs one: the URL
 * carries `bodySHA256`, the body's SHA-256, and the signature covers that
 * URL; one without it is 403.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(
    @Inject(twilioConfig.KEY) private readonly twilio: ConfigType<typeof twilioConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    const json =
      request.is('application/json') === 'application/json' &&
      this.reflector.get<boolean | undefined>(ACCEPTS_JSON, context.getHandler()) === true;
    if (!json && !request.is('application/x-www-form-urlencoded')) {
      throw new UnsupportedMediaTypeException('Expected application/x-www-form-urlencoded');
    }
    const signature = request.header('x-twilio-signature');
    if (!this.twilio.authToken || !signature) {
      throw new ForbiddenException('Invalid Twilio signature');
    }
    const url = `${this.app.publicUrl}${request.originalUrl}`;
    if (json) {
      // Twilio signs a JSON body through the URL: its SHA-256 is the
      // `bodySHA256` query parameter, and the signature covers the URL.
      const hasHash = new URL(url).searchParams.has('bodySHA256');
      const raw = request.rawBody?.toString('utf8');
      if (!hasHash || raw === undefined) throw new ForbiddenException('Invalid Twilio signature');
      if (!validateRequestWithBody(this.twilio.authToken, signature, url, raw)) {
        throw new ForbiddenException('Invalid Twilio signature');
      }
      return true;
    }
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
