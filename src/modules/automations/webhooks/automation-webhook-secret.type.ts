import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('AutomationWebhookSecret', {
  description:
    "An automation's new CALL_WEBHOOK signing secret: shown this once, never again (store it in the receiver).",
})
export class AutomationWebhookSecretPayload {
  @Field({
    description:
      'The Standard Webhooks secret (`whsec_<base64>`) that signs every webhook of the automation from now on.',
  })
  secret: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'Until when the previous secret also signs (both signatures are sent, space-separated, in `webhook-signature`); null when there was none or there is no overlap.',
  })
  previousValidUntil: Date | null;
}
