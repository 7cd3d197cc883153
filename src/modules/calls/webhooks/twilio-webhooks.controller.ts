import {
  Body,
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  Inject,
  Logger,
  Post,
  Req,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { validateRequest } from 'twilio';
import { Public } from '@/access/auth.decorators';
import { appConfig, twilioConfig } from '@/config/configuration';
import { TwilioWebhooksService, WebhookParams } from './twilio-webhooks.service';

/**
 * Twilio's status and recording callbacks. Public (Twilio holds no token of
 * ours), but every request must carry a valid X-Twilio-Signature for the URL
 * Twilio was given: PUBLIC_URL + the path and query. Anything else is 403.
 * Only form-encoded bodies are read (415 otherwise), as Twilio sends them.
 * The answer is quick and empty; scoring happens in the worker.
 */
@Controller('webhooks/twilio')
@Public()
export class TwilioWebhooksController {
  private readonly logger = new Logger(TwilioWebhooksController.name);

  constructor(
    private readonly webhooks: TwilioWebhooksService,
    @Inject(twilioConfig.KEY) private readonly twilio: ConfigType<typeof twilioConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  @Post('status')
  @HttpCode(204)
  async status(
    @Req() request: Request,
    @Body() body: WebhookParams,
    @Headers('i-twilio-idempotency-token') token?: string,
  ): Promise<void> {
    this.verify(request, body);
    const outcome = await this.webhooks.status(body, token);
    this.logger.debug(`Twilio status ${body.CallSid} ${body.CallStatus}: ${outcome}`);
  }

  @Post('recording')
  @HttpCode(204)
  async recording(
    @Req() request: Request,
    @Body() body: WebhookParams,
    @Headers('i-twilio-idempotency-token') token?: string,
  ): Promise<void> {
    this.verify(request, body);
    const outcome = await this.webhooks.recording(body, token);
    this.logger.debug(`Twilio recording ${body.CallSid}: ${outcome}`);
  }

  private verify(request: Request, body: WebhookParams): void {
    // Twilio posts form-encoded parameters, and the signature covers only
    // those: a JSON body would be read and signed differently.
    if (!request.is('application/x-www-form-urlencoded')) {
      throw new UnsupportedMediaTypeException('Expected application/x-www-form-urlencoded');
    }
    const signature = request.header('x-twilio-signature');
    if (!this.twilio.authToken || !signature)
      throw new ForbiddenException('Invalid Twilio signature');
    const url = `${this.app.publicUrl}${request.originalUrl}`;
    const params = Object.fromEntries(
      Object.entries(body ?? {}).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    if (!validateRequest(this.twilio.authToken, signature, url, params)) {
      throw new ForbiddenException('Invalid Twilio signature');
    }
  }
}
