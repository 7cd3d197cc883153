import { Body, Controller, Headers, HttpCode, Logger, Post, UseGuards } from '@nestjs/common';
import { Public } from '@/access/auth.decorators';
import { TwilioSignatureGuard } from './twilio-signature.guard';
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
@UseGuards(TwilioSignatureGuard)
export class TwilioWebhooksController {
  private readonly logger = new Logger(TwilioWebhooksController.name);

  constructor(private readonly webhooks: TwilioWebhooksService) {}

  @Post('status')
  @HttpCode(204)
  async status(
    @Body() body: WebhookParams,
    @Headers('i-twilio-idempotency-token') token?: string,
  ): Promise<void> {
    const outcome = await this.webhooks.status(body, token);
    this.logger.debug(`Twilio status ${body.CallSid} ${body.CallStatus}: ${outcome}`);
  }

  @Post('recording')
  @HttpCode(204)
  async recording(
    @Body() body: WebhookParams,
    @Headers('i-twilio-idempotency-token') token?: string,
  ): Promise<void> {
    const outcome = await this.webhooks.recording(body, token);
    this.logger.debug(`Twilio recording ${body.CallSid}: ${outcome}`);
  }
}
