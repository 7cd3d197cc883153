import type { AutomationTriggerPayload } from './outbox/automation-trigger';
import { QueueName } from './queue-names';

/**
 * The jobs of each queue and their payloads. Payloads carry ids only: a
 * processor loads the current state itself, so a job that waited in the queue
 * never acts on a stale copy, and nothing sensitive sits in Redis. A job
 * done for one organization carries its `organizationId`: the worker keeps
 * one organization to its share of the slots by it (OrganizationSlots).
 */
export interface JobPayloads {
  [QueueName.CallScoring]: {
    'score-call': {
      organizationId: string;
      callId: string;
      scorecardId: string;
      scorecardVersion: number;
      /**
       * Someone is waiting for this score (`scoreCall(wait: true)`): Claude
       * judges it at once even in a BATCH campaign.
       */
      urgent?: boolean;
      /**
       * Not from the organization's phone line (`importCall`): queued behind
       * live calls' scores (job-priority.ts).
       */
      background?: boolean;
    };
  };
  [QueueName.CallTranscripts]: {
    /** Requests, polls or reads one call's transcript at Twilio (TranscriptRunner). */
    'transcribe-call': { organizationId: string; callId: string };
    /** Deletes a deleted call's recording at Twilio (CALL_DELETE_TWILIO_RECORDING). */
    'delete-recording': { organizationId: string; recordingSid: string };
  };
  [QueueName.CalendarSync]: {
    'sync-connection': { organizationId: string; connectionId: string };
    'push-event': { organizationId: string; eventId: string; connectionId: string };
  };
  [QueueName.FleetPolling]: {
    'poll-samsara': { organizationId: string };
    /** Position retention (fleet module). */
    'prune-positions': Record<string, never>;
    /** Raises STALE_POSITION for vehicles gone silent (fleet module). */
    'check-stale': Record<string, never>;
  };
  [QueueName.Notifications]: {
    'slack-alert': { organizationId: string; alertId: string };
  };
  [QueueName.PhoneMessages]: {
    /** Sends one outbound SMS row through Twilio (phone module, TwilioMessenger). */
    'send-message': { organizationId: string; messageId: string };
    /** Runs the assistant on one inbound SMS row and texts the answer (Claude planner). */
    'answer-sms': { organizationId: string; messageId: string };
  };
  [QueueName.Automations]: {
    /**
     * A committed domain event that may trigger automations (written by the
     * domain's transaction, see automation-trigger.ts): the job id (the
     * outbox row id) is the event's key.
     */
    'dispatch-event': AutomationTriggerPayload;
    /** Runs (or resumes) one automation run's pending steps. */
    'execute-run': { organizationId: string; runId: string };
    /** Starts the runs of TASK_OVERDUE and CALENDAR_EVENT_STARTING events now due. */
    'scan-schedules': Record<string, never>;
  };
  [QueueName.Maintenance]: {
    'prune-outbox': Record<string, never>;
    /** Twilio webhook receipts past their retention (calls module). */
    'prune-webhook-receipts': Record<string, never>;
    /** Re-sends scoring jobs whose queue message was lost; ends the hopeless ones (calls module). */
    'reconcile-scoring': Record<string, never>;
    /** Re-sends transcript jobs whose queue message was lost (calls module). */
    'reconcile-transcripts': Record<string, never>;
    /** Re-sends CRITICAL alerts' Slack jobs the queue lost (fleet module). */
    'reconcile-slack-alerts': Record<string, never>;
    /** AgentRuns past retention, idle conversations, spent confirmations (assistant module). */
    'prune-assistant-records': Record<string, never>;
    /** Re-sends SMS jobs (sends, answers) the queue lost (phone module). */
    'reconcile-phone-messages': Record<string, never>;
    /** SMS records past SMS_MESSAGE_RETENTION_DAYS, expired SMS unlocks (phone module). */
    'prune-phone-messages': Record<string, never>;
    /** Voice sessions and turns past VOICE_RETENTION_DAYS (phone module). */
    'prune-voice-sessions': Record<string, never>;
    /** Automation runs past AUTOMATION_RUN_RETENTION_DAYS (automations module). */
    'prune-automation-runs': Record<string, never>;
    /** Re-sends automation jobs (dispatches, runs) the queue lost (automations module). */
    'reconcile-automation-runs': Record<string, never>;
  };
}

export type JobName<Q extends QueueName> = keyof JobPayloads[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = JobPayloads[Q][N];

/** One job of one queue, its payload typed by queue and job name. */
export interface JobRequest<Q extends QueueName, N extends JobName<Q>> {
  queue: Q;
  name: N;
  payload: JobPayload<Q, N>;
}

/** Any job of any queue (a union of every queue and job name pair). */
export type AnyJobRequest = {
  [Q in QueueName]: { [N in JobName<Q>]: JobRequest<Q, N> }[JobName<Q>];
}[QueueName];
