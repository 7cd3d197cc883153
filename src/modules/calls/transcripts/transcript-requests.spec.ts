import { ConfigType } from '@nestjs/config';
import { callsConfig } from '@/config/configuration';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { CallDirection, CallTranscriptStatus } from '../calls.enums';
import { Call } from '../calls/call.entity';
import { TwilioIntelligence } from '../twilio/twilio-intelligence';
import { MAX_TRANSCRIPT_POLL_MS, TranscriptRequests } from './transcript-requests.service';
import { Transaction } from '@/database/transaction.service';

const config = {
  transcriptPollMs: 15_000,
  agentChannelInbound: 2,
  agentChannelOutbound: 1,
} as ConfigType<typeof callsConfig>;

function requests(unavailableReason: string | null) {
  const add = jest.fn(() => Promise.resolve('message-1'));
  const outbox = { add } as unknown as OutboxService;
  const intelligence = { unavailableReason } as unknown as TwilioIntelligence;
  return { service: new TranscriptRequests(outbox, intelligence, config), add };
}

const call = (overrides: Partial<Call> = {}): Call =>
  ({
    id: 'call-1',
    organizationId: 'org-1',
    direction: CallDirection.INBOUND,
    transcript: [],
    transcriptStatus: CallTranscriptStatus.NONE,
    ...overrides,
  }) as Call;

describe('TranscriptRequests', () => {
  it('waits CALL_TRANSCRIPT_POLL_MS, doubled per poll, at most 5 minutes', () => {
    const { service } = requests(null);
    expect([0, 1, 2, 3, 4, 5, 60].map((polls) => service.pollDelayMs(polls))).toEqual([
      15_000,
      30_000,
      60_000,
      120_000,
      240_000,
      MAX_TRANSCRIPT_POLL_MS,
      MAX_TRANSCRIPT_POLL_MS,
    ]);
  });

  it('maps the agent to channel 2 inbound and 1 outbound (configurable)', () => {
    const { service } = requests(null);
    expect(service.agentChannel(call())).toBe(2);
    expect(service.agentChannel(call({ direction: CallDirection.OUTBOUND }))).toBe(1);
  });

  it('queues a completed recording for transcription through the outbox', async () => {
    const { service, add } = requests(null);
    const pending = call();
    await expect(service.recordingCompleted({} as Transaction, pending)).resolves.toBe(true);
    expect(pending).toMatchObject({
      transcriptStatus: CallTranscriptStatus.PENDING,
      transcriptMessageId: 'message-1',
    });
    expect(add).toHaveBeenCalledWith(
      {},
      expect.objectContaining({
        job: {
          queue: 'call-transcripts',
          name: 'transcribe-call',
          payload: { organizationId: 'org-1', callId: 'call-1' },
        },
      }),
    );
  });

  it('says why when Twilio Intelligence is not configured, and leaves transcribed calls alone', async () => {
    const { service, add } = requests('not configured (TWILIO_INTELLIGENCE_SERVICE_SID)');
    const unavailable = call();
    await service.recordingCompleted({} as Transaction, unavailable);
    expect(unavailable).toMatchObject({
      transcriptStatus: CallTranscriptStatus.UNAVAILABLE,
      transcriptError: 'not configured (TWILIO_INTELLIGENCE_SERVICE_SID)',
    });
    const done = call({ transcriptStatus: CallTranscriptStatus.COMPLETED });
    await expect(service.recordingCompleted({} as Transaction, done)).resolves.toBe(false);
    expect(add).not.toHaveBeenCalled();
  });
});
