import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInteger } from './transforms';

/**
 * The voice assistant on Twilio. Twilio waits at most 15 s for a webhook's
 * TwiML: a turn the planner has not answered within VOICE_FILLER_AFTER_MS
 * speaks a short filler and redirects to an answer route, which waits up to
 * VOICE_ANSWER_WAIT_MS for the turn's result, at most VOICE_MAX_REDIRECTS times.
 */
export class VoiceVariables {
  /** How long a voice turn waits for the assistant before speaking a filler and redirecting, in ms. */
  @Transform(toInteger)
  @IsInt()
  @Min(50)
  @Max(12_000)
  VOICE_FILLER_AFTER_MS = 4_000;

  /** How long the answer route (after a filler) waits for the turn's result, in ms. */
  @Transform(toInteger)
  @IsInt()
  @Min(50)
  @Max(12_000)
  VOICE_ANSWER_WAIT_MS = 8_000;

  /** Fillers and redirects one turn may take before the caller hears an apology. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(10)
  VOICE_MAX_REDIRECTS = 3;

  /** Days a voice call's session and turn records (their stored TwiML) are kept; pruned hourly. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(3650)
  VOICE_RETENTION_DAYS = 7;
}
