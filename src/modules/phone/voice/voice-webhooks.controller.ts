import {
  Body,
  Controller,
  Header,
  Headers,
  HttpCode,
  Logger,
  Post,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { Public } from '@/access/auth.decorators';
import { TwilioSignatureGuard } from '@/modules/calls/webhooks/twilio-signature.guard';
import type { WebhookParams } from '@/modules/calls/webhooks/twilio-webhooks.service';
import { VoiceErrorFilter } from './voice-error.filter';
import { VoiceService } from './voice.service';

const TWIML = 'text/xml; charset=utf-8';

/**
 * The voice assistant's Twilio webhooks: the assistant number's voice URL
 * (`/voice`), each Gather's result (`/gather?turn=N`), the answer route a
 * slow turn redirects to (`/voice/answer`) and the number's status callback
 * (`/voice/status`). Signature-checked like every Twilio webhook; the answer
 * is always TwiML (VoiceErrorFilter), and nothing here logs a request body.
 */
@Controller('webhooks/twilio')
@Public()
@UseGuards(TwilioSignatureGuard)
@UseFilters(VoiceErrorFilter)
export class VoiceWebhooksController {
  private readonly logger = new Logger(VoiceWebhooksController.name);

  constructor(private readonly voice: VoiceService) {}

  @Post('voice')
  @HttpCode(200)
  @Header('Content-Type', TWIML)
  incoming(
    @Body() body: WebhookParams,
    @Headers('i-twilio-idempotency-token') token?: string,
  ): Promise<string> {
    return this.voice.incoming(body, token || null);
  }

  @Post('gather')
  @HttpCode(200)
  @Header('Content-Type', TWIML)
  gather(
    @Body() body: WebhookParams,
    @Query('turn') turn?: string,
    @Headers('i-twilio-idempotency-token') token?: string,
  ): Promise<string> {
    return this.voice.gather(body, Number(turn), token || null);
  }

  @Post('voice/answer')
  @HttpCode(200)
  @Header('Content-Type', TWIML)
  answer(
    @Body() body: WebhookParams,
    @Query('turn') turn?: string,
    @Query('wait') wait?: string,
  ): Promise<string> {
    return this.voice.answer(body, Number(turn), Number(wait));
  }

  @Post('voice/status')
  @HttpCode(204)
  async status(
    @Body() body: WebhookParams,
    @Headers('i-twilio-idempotency-token') token?: string,
  ): Promise<void> {
    const outcome = await this.voice.status(body, token || null);
    this.logger.debug(`Twilio voice status ${body.CallSid} ${body.CallStatus}: ${outcome}`);
  }
}
