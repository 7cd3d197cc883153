import { Body, Controller, Headers, HttpCode, Logger, Post, UseGuards } from '@nestjs/common';
import { Public } from '@/access/auth.decorators';
import { AcceptsTwilioJson, TwilioSignatureGuard } from './twilio-signature.guard';
import { TwilioWebhooksService, WebhookParams } from './twilio-webhooks.service';

/**
 * Twilio's status and recording callbacks, and Conversational
 * Intelligence's transcript webhook. Public (Twilio holds no token of
 * ours), but every request must carry a valid X-Twilio-Signature for the URL
 * Twilio was given: PUBLIC_URL + the path and query. Anything else is 403.
 * Only form-encoded bodies are read (415 otherwise), as Twilio sends them,
 * and JSON signed over its body (`bodySHA256`), as Intelligence may.
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

  /**
   * Conversational Intelligence's webhook (the Intelligence service's
   * webhook URL: PUBLIC_URL + /webhooks/twilio/transcript). Twilio posts it
   * as JSON signed with `bodySHA256` in the URL, or form-encoded.
   */
  @Post('transcript')
  @AcceptsTwilioJson()
  @HttpCode(204)
  async transcript(
    @Body() body: Record<string, unknown>,
    @Headers('i-twilio-idempotency-token') token?: string,
  ): Promise<void> {
    const params: WebhookParams = Object.fromEntries(
      Object.entries(body ?? {}).flatMap(([key, value]) =>
        typeof value === 'string' ? [[key, value]] : [],
      ),
    );
    const outcome = await this.webhooks.transcript(params, token);
    this.logger.debug(
      `Twilio transcript ${params.transcript_sid ?? params.TranscriptSid}: ${outcome}`,
    );
  }
}
