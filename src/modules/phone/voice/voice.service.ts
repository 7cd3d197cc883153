import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NotFoundError } from '@/common/errors/domain-errors';
import { appConfig, voiceConfig } from '@/config/configuration';
import { AssistantEngine, AssistantTurn } from '@/modules/assistant/assistant-engine.service';
import { PhoneNumberRepository } from '@/modules/calls/calls/phone-number.repository';
import {
  TwilioWebhooksService,
  WebhookOutcome,
  WebhookParams,
} from '@/modules/calls/webhooks/twilio-webhooks.service';
import { UsersService } from '@/modules/users/users.service';
import { VoicePinService } from '@/modules/users/voice-pin.service';
import { phoneViewer } from '../phone-viewer';
import { keyedE164, spokenDigits } from './spoken-digits';
import { VoiceCallRecorder } from './voice-call-recorder';
import { VoiceSession } from './voice-session.entity';
import { VoiceRepository } from './voice.repository';
import { APOLOGY_TWIML, fillerTwiml, gatherTwiml, hangupTwiml, sayAndHangup } from './voice-twiml';

/** Failed attempts (a number not found, a wrong PIN, silence) before the call ends. */
export const VOICE_MAX_ATTEMPTS = 3;
/** What the transcript says instead of a PIN or a keyed number. */
export const PIN_ENTERED = '[PIN entered]';
export const NUMBER_ENTERED = '[phone number entered]';
const POLL_MS = 100;
/** Twilio's call statuses after which the call is over. */
const ENDED_STATUSES = new Set(['completed', 'canceled', 'failed', 'no-answer', 'busy']);

const SAY = {
  notServed: 'Sorry, this number does not take calls for the assistant. Goodbye.',
  lost: 'Sorry, I lost track of this call. Please call again. Goodbye.',
  welcomePin: 'Welcome to Switchboard. Please say or key in your PIN, then press pound.',
  welcomeIdentify:
    'Welcome to Switchboard. I could not tell who is calling. Please key in the phone number in your profile, then press pound.',
  numberUnknown:
    'I could not find a member with that number. Please key in the phone number in your profile, then press pound.',
  numberGiveUp:
    'Sorry, I could not find a member with that number. Please check the phone number in your Switchboard profile. Goodbye.',
  askPin: 'Thank you. Now please say or key in your PIN, then press pound.',
  pinWrong: 'That PIN is not right. Please try again.',
  pinGiveUp: 'Sorry, that PIN is not right. Goodbye.',
  pinLocked:
    'Your PIN is locked after too many wrong attempts. Please try again later, or reset it in Switchboard. Goodbye.',
  notMember: 'You are no longer a member of this organization. Goodbye.',
  silence: "Sorry, I didn't catch that. What can I do for you?",
  silenceGiveUp: "I didn't hear anything, so I'll hang up now. Goodbye.",
  filler: 'One moment, please.',
  stillWorking: 'Still working on it.',
  tooSlow:
    'Sorry, that is taking too long. It may still finish; please ask me again in a moment, or ask something else.',
  confirmKeys: 'Say yes or press 1 to go ahead; say no or press 2 to cancel.',
};

/**
 * The voice assistant's call flow. The number dialled gives the
 * organization; caller ID (or a keyed-in profile number) gives the members
 * the caller may be; their voice PIN, spoken or keyed, signs them in; then
 * each thing they say goes to the assistant engine as them, and its answer
 * is spoken inside the next Gather.
 *
 * Every request is a turn claimed in voice_turn before any effect and
 * answered with the TwiML stored there, so a retry (same idempotency token,
 * or same CallSid and turn) repeats nothing. A turn that outlasts
 * VOICE_FILLER_AFTER_MS keeps running; the caller hears a filler and Twilio
 * is redirected to `answer`, which serves the stored result.
 *
 * A PIN goes to VoicePinService only: it is never given to the engine,
 * stored, logged or written to the transcript (PIN_ENTERED instead).
 */
@Injectable()
export class VoiceService {
  private readonly logger = new Logger(VoiceService.name);
  /** Turns running in this process, by CallSid and turn. */
  private readonly running = new Map<string, Promise<string>>();

  constructor(
    private readonly sessions: VoiceRepository,
    private readonly phoneNumbers: PhoneNumberRepository,
    private readonly users: UsersService,
    private readonly pins: VoicePinService,
    private readonly engine: AssistantEngine,
    private readonly calls: VoiceCallRecorder,
    private readonly webhooks: TwilioWebhooksService,
    @Inject(voiceConfig.KEY) private readonly config: ConfigType<typeof voiceConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  /** POST /webhooks/twilio/voice: a call to an assistant number. */
  async incoming(params: WebhookParams, token: string | null): Promise<string> {
    const sid = params.CallSid;
    const to = params.To;
    if (!sid || !to) return sayAndHangup(SAY.notServed);
    const route = await this.phoneNumbers.routeOf(to);
    if (!route || !route.voiceAssistant) return sayAndHangup(SAY.notServed);
    const from = params.From ?? '';
    return this.once(route.organizationId, sid, 0, token, async () => {
      const candidates = from
        ? (await this.users.membersWithPhone(route.organizationId, from)).filter(
            (member) => member.hasVoicePin,
          )
        : [];
      const known = candidates.length === 1;
      const session = await this.sessions.openSession({
        organizationId: route.organizationId,
        callSid: sid,
        phoneNumberId: route.phoneNumberId,
        callerNumber: from,
        candidateUserIds: known ? [candidates[0].userId] : [],
        state: known ? 'PIN' : 'IDENTIFY',
      });
      const prompt = session.state === 'PIN' ? SAY.welcomePin : SAY.welcomeIdentify;
      await this.calls.open(route, { sid, from, to }, prompt);
      return this.prompt(1, prompt, { keyed: true });
    });
  }

  /** POST /webhooks/twilio/gather?turn=N: what the caller said or keyed. */
  async gather(params: WebhookParams, turn: number, token: string | null): Promise<string> {
    const sid = params.CallSid;
    const session = sid ? await this.sessions.session(sid) : null;
    if (!sid || !session || !Number.isInteger(turn) || turn < 1) return sayAndHangup(SAY.lost);
    if (session.state === 'ENDED') return hangupTwiml();
    return this.once(session.organizationId, sid, turn, token, () => this.step(sid, turn, params));
  }

  /** POST /webhooks/twilio/voice/answer?turn=N&wait=K: after a filler, the slow turn's result. */
  async answer(params: WebhookParams, turn: number, wait: number): Promise<string> {
    const sid = params.CallSid;
    const session = sid ? await this.sessions.session(sid) : null;
    if (!sid || !session || !Number.isInteger(turn)) return sayAndHangup(SAY.lost);
    if (session.state === 'ENDED') return hangupTwiml();
    const result = await this.awaitTurn(sid, turn, this.config.answerWaitMs);
    if (result !== null) return result;
    const waits = Number.isInteger(wait) && wait > 0 ? wait : 1;
    if (waits < this.config.maxRedirects) return this.filler(turn, waits + 1, SAY.stillWorking);
    return this.prompt(turn + 1, SAY.tooSlow, {
      hints: await this.sessions.hints(session.organizationId),
    });
  }

  /**
   * POST /webhooks/twilio/voice/status: the assistant number's status
   * callback. Applies the status to the Call like /webhooks/twilio/status,
   * and ends the session when the call is over.
   */
  async status(params: WebhookParams, token: string | null): Promise<WebhookOutcome> {
    const outcome = await this.webhooks.status(params, token ?? undefined);
    if (params.CallSid && ENDED_STATUSES.has(params.CallStatus ?? '')) {
      await this.sessions.endSession(params.CallSid);
    }
    return outcome;
  }

  /**
   * Runs `work` for the call's turn once: a replay (by idempotency token or
   * CallSid + turn) gets the stored TwiML, or, while the turn still runs, a
   * filler and a redirect. Past VOICE_FILLER_AFTER_MS the first request
   * answers with the filler too, and the turn finishes in the background.
   */
  private async once(
    organizationId: string,
    sid: string,
    turn: number,
    token: string | null,
    work: () => Promise<string>,
  ): Promise<string> {
    const replayed = await this.replay(sid, turn, token);
    if (replayed !== null) return replayed;
    if (!(await this.sessions.claimTurn(organizationId, sid, turn, token))) {
      return (await this.replay(sid, turn, token)) ?? this.filler(turn, 1, SAY.filler);
    }
    const key = `${sid}:${turn}`;
    const job = work()
      .catch((error: unknown) => {
        this.logger.error(
          { err: error instanceof Error ? { name: error.name, message: error.message } : error },
          `voice turn ${turn} of ${sid} failed`,
        );
        return APOLOGY_TWIML();
      })
      .then(async (twiml) => {
        await this.sessions.finishTurn(sid, turn, twiml);
        return twiml;
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, job);
    const result = await this.within(job, this.config.fillerAfterMs);
    return result ?? this.filler(turn, 1, SAY.filler);
  }

  /** The stored answer of a turn already claimed, or null when the turn is new. */
  private async replay(sid: string, turn: number, token: string | null): Promise<string | null> {
    const row =
      (token ? await this.sessions.turnByToken(token) : null) ??
      (await this.sessions.turn(sid, turn));
    if (!row) return null;
    if (row.state === 'DONE' && row.twiml) return row.twiml;
    const result = await this.awaitTurn(row.callSid, row.turn, this.config.fillerAfterMs);
    return result ?? this.filler(row.turn, 1, SAY.filler);
  }

  /** The turn's TwiML once written, waiting up to `ms` (in this process, or polling the row). */
  private async awaitTurn(sid: string, turn: number, ms: number): Promise<string | null> {
    const local = this.running.get(`${sid}:${turn}`);
    if (local) return this.within(local, ms);
    const deadline = Date.now() + ms;
    for (;;) {
      const row = await this.sessions.turn(sid, turn);
      if (!row) return null;
      if (row.state === 'DONE' && row.twiml) return row.twiml;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await sleep(Math.min(POLL_MS, left));
    }
  }

  private async within(job: Promise<string>, ms: number): Promise<string | null> {
    const controller = new AbortController();
    try {
      return await Promise.race([
        job,
        sleep(ms, null, { signal: controller.signal }).catch(() => null),
      ]);
    } finally {
      controller.abort();
    }
  }

  private async step(sid: string, turn: number, params: WebhookParams): Promise<string> {
    const session = await this.sessions.session(sid);
    if (!session || session.state === 'ENDED') return hangupTwiml();
    switch (session.state) {
      case 'IDENTIFY':
        return this.identify(session, turn, params);
      case 'PIN':
        return this.pin(session, turn, params);
      case 'READY':
        return this.converse(session, turn, params);
    }
  }

  /** An unknown or ambiguous caller keys in their profile number. */
  private async identify(
    session: VoiceSession,
    turn: number,
    params: WebhookParams,
  ): Promise<string> {
    const number = keyedE164(params.Digits || spokenDigits(params.SpeechResult));
    const candidates = number
      ? (await this.users.membersWithPhone(session.organizationId, number)).filter(
          (member) => member.hasVoicePin,
        )
      : [];
    if (candidates.length === 0) {
      const failures = session.failures + 1;
      if (failures >= VOICE_MAX_ATTEMPTS) {
        return this.end(session, turn, NUMBER_ENTERED, SAY.numberGiveUp);
      }
      await this.sessions.updateSession(session.id, { failures, turn });
      await this.calls.turn(
        session.organizationId,
        session.callSid,
        NUMBER_ENTERED,
        SAY.numberUnknown,
      );
      return this.prompt(turn + 1, SAY.numberUnknown, { keyed: true });
    }
    await this.sessions.updateSession(session.id, {
      state: 'PIN',
      candidateUserIds: candidates.map((member) => member.userId),
      failures: 0,
      turn,
    });
    await this.calls.turn(session.organizationId, session.callSid, NUMBER_ENTERED, SAY.askPin);
    return this.prompt(turn + 1, SAY.askPin, { keyed: true });
  }

  /** The PIN, spoken or keyed, checked against each member the caller may be. */
  private async pin(session: VoiceSession, turn: number, params: WebhookParams): Promise<string> {
    const keyed = (params.Digits ?? '').replace(/\D/g, '');
    const pin = keyed || spokenDigits(params.SpeechResult);
    let signedIn: string | null = null;
    let locked = 0;
    if (pin && /^\d{4,8}$/.test(pin)) {
      for (const userId of session.candidateUserIds) {
        const result = await this.pins.verify(userId, pin);
        if (result.ok) {
          signedIn = userId;
          break;
        }
        if (result.locked) locked += 1;
      }
    }
    const member = signedIn ? await this.sessions.member(session.organizationId, signedIn) : null;
    if (member) {
      const greeting = `Hi ${member.name.split(/\s+/)[0]}. What can I do for you?`;
      await this.sessions.updateSession(session.id, {
        state: 'READY',
        userId: member.userId,
        failures: 0,
        turn,
      });
      await this.calls.turn(
        session.organizationId,
        session.callSid,
        PIN_ENTERED,
        greeting,
        member.userId,
      );
      return this.prompt(turn + 1, greeting, {
        hints: await this.sessions.hints(session.organizationId),
      });
    }
    if (locked > 0 && locked === session.candidateUserIds.length) {
      return this.end(session, turn, PIN_ENTERED, SAY.pinLocked);
    }
    const failures = session.failures + 1;
    if (failures >= VOICE_MAX_ATTEMPTS) return this.end(session, turn, PIN_ENTERED, SAY.pinGiveUp);
    await this.sessions.updateSession(session.id, { failures, turn });
    await this.calls.turn(session.organizationId, session.callSid, PIN_ENTERED, SAY.pinWrong);
    return this.prompt(turn + 1, SAY.pinWrong, { keyed: true });
  }

  /** A request of a signed-in caller, through the assistant engine as them. */
  private async converse(
    session: VoiceSession,
    turn: number,
    params: WebhookParams,
  ): Promise<string> {
    const text = requestText(params);
    const hints = await this.sessions.hints(session.organizationId);
    if (!text) {
      const failures = session.failures + 1;
      if (failures >= VOICE_MAX_ATTEMPTS) return this.end(session, turn, null, SAY.silenceGiveUp);
      await this.sessions.updateSession(session.id, { failures, turn });
      await this.calls.turn(session.organizationId, session.callSid, null, SAY.silence);
      return this.prompt(turn + 1, SAY.silence, { hints });
    }
    const member = session.userId
      ? await this.sessions.member(session.organizationId, session.userId)
      : null;
    if (!member) return this.end(session, turn, text, SAY.notMember);
    const viewer = phoneViewer(session.organizationId, member, 'voice');
    let reply: AssistantTurn;
    try {
      reply = await this.engine.ask(viewer, {
        text,
        channel: 'voice',
        conversationId: session.conversationId,
      });
    } catch (error) {
      // The conversation expired between two turns: start a new one.
      if (!(error instanceof NotFoundError)) throw error;
      reply = await this.engine.ask(viewer, { text, channel: 'voice', conversationId: null });
    }
    await this.sessions.updateSession(session.id, {
      conversationId: reply.conversationId,
      failures: 0,
      turn,
    });
    const spoken =
      reply.status === 'NEEDS_CONFIRMATION'
        ? `${reply.text.replace(/\s*\(yes or no\)\s*$/i, '')}. ${SAY.confirmKeys}`.replace(
            /\.\. /,
            '. ',
          )
        : reply.text;
    await this.calls.turn(session.organizationId, session.callSid, text, spoken);
    return this.prompt(turn + 1, spoken, { hints });
  }

  /** Says goodbye and ends the session; the caller's line (if any) goes to the transcript first. */
  private async end(
    session: VoiceSession,
    turn: number,
    said: string | null,
    goodbye: string,
  ): Promise<string> {
    await this.sessions.updateSession(session.id, { state: 'ENDED', turn });
    await this.calls.turn(session.organizationId, session.callSid, said, goodbye);
    return sayAndHangup(goodbye);
  }

  private prompt(
    nextTurn: number,
    text: string,
    options: { keyed?: boolean; hints?: string },
  ): string {
    return gatherTwiml({
      action: this.url('gather', { turn: String(nextTurn) }),
      prompt: text,
      keyed: options.keyed,
      hints: options.hints,
    });
  }

  private filler(turn: number, wait: number, text: string): string {
    return fillerTwiml(text, this.url('voice/answer', { turn: String(turn), wait: String(wait) }));
  }

  /** Absolute, so the URL Twilio signs is PUBLIC_URL + path and query (TwilioSignatureGuard). */
  private url(path: string, query: Record<string, string>): string {
    return `${this.app.publicUrl}/webhooks/twilio/${path}?${new URLSearchParams(query).toString()}`;
  }
}

/** What a signed-in caller asked: their words, or keys (1 yes, 2 no, for confirmations). */
export function requestText(params: WebhookParams): string {
  const speech = params.SpeechResult?.trim();
  if (speech) return speech;
  const digits = (params.Digits ?? '').replace(/[^\d*#]/g, '');
  if (digits === '1') return 'yes';
  if (digits === '2') return 'no';
  return digits;
}
