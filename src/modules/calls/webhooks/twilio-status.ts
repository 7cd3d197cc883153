import { CallDirection, CallStatus } from '../calls.enums';

/** Twilio's CallStatus values (status callbacks) to ours. */
export const TWILIO_CALL_STATUS: Record<string, CallStatus> = {
  queued: CallStatus.QUEUED,
  initiated: CallStatus.QUEUED,
  ringing: CallStatus.RINGING,
  'in-progress': CallStatus.IN_PROGRESS,
  answered: CallStatus.IN_PROGRESS,
  completed: CallStatus.COMPLETED,
  busy: CallStatus.BUSY,
  'no-answer': CallStatus.NO_ANSWER,
  failed: CallStatus.FAILED,
  canceled: CallStatus.CANCELED,
};

/** "inbound", or one of Twilio's outbound kinds ("outbound-api", "outbound-dial"). */
export const twilioDirection = (direction: string | undefined): CallDirection =>
  direction === 'inbound' ? CallDirection.INBOUND : CallDirection.OUTBOUND;

/** Twilio's `Timestamp` (RFC 2822) when present and valid, else now. */
export function twilioTime(timestamp: string | undefined): Date {
  const parsed = timestamp ? new Date(timestamp) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : new Date();
}
