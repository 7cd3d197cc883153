/** Every BullMQ queue Switchboard runs. Processors live in their domain's `jobs/` folder. */
export const QueueName = {
  /** Scores a completed call against its campaign's scorecard (calls module). */
  CallScoring: 'call-scoring',
  /** Turns a Twilio call's recording into its transcript through Twilio Conversational Intelligence (calls module). */
  CallTranscripts: 'call-transcripts',
  /** Pulls from and pushes to a Google Calendar connection (calendar module). */
  CalendarSync: 'calendar-sync',
  /** Reads the Samsara locations feed for one organization (fleet module). */
  FleetPolling: 'fleet-polling',
  /** Outgoing notifications: Slack, SMS, webhooks (automations and fleet). */
  Notifications: 'notifications',
  /** Text messages: outbound SMS sends and Claude-planned SMS answers (phone module). */
  PhoneMessages: 'phone-messages',
  /** Automation triggers and runs: dispatching committed events, running steps, scheduled triggers (automations module). */
  Automations: 'automations',
  /** Housekeeping of our own tables (outbox, Twilio webhook receipts): one @MaintenanceJob class per job. */
  Maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);
