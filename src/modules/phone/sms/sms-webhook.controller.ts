import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Public } from '@/access/auth.decorators';
import { TwilioSignatureGuard } from '@/modules/calls/webhooks/twilio-signature.guard';
import { SmsService, SmsWebhookParams } from './sms.service';

/**
 * Twilio's incoming-message webhook of the organization's numbers (the
 * number's "A message comes in" URL): `POST /webhooks/twilio/sms`, signed
 * like every Twilio webhook (403 otherwise). Answers TwiML (a `<Message>`
 * reply or an empty `<Response/>`), never a 5xx.
 */
@Controller('webhooks/twilio')
@Public()
@UseGuards(TwilioSignatureGuard)
export class SmsWebhookController {
  constructor(private readonly sms: SmsService) {}

  @Post('sms')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  receive(@Body() body: SmsWebhookParams): Promise<string> {
    return this.sms.receive(body);
  }
}
