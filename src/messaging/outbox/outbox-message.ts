/** What subscribers receive from pub/sub for one outbox event. */
export interface OutboxMessage<P = Record<string, unknown>> {
  /** The outbox row id: the same for every delivery of this event, so consumers can de-duplicate. */
  eventId: string;
  organizationId: string | null;
  topic: string;
  payload: P;
  occurredAt: string;
}
