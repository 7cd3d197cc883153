/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format. */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
};

export type AddMemberInput = {
  /** An existing account is added as it is; otherwise one is invited. */
  email: Scalars['String']['input'];
  /** Required when no account has this email yet: the invited person's name. */
  name?: InputMaybe<Scalars['String']['input']>;
  role: Role;
};

export type AddPhoneNumberInput = {
  /** Calls on this number join this campaign. */
  campaignId?: InputMaybe<Scalars['ID']['input']>;
  /** The Twilio number in E.164, e.g. +14155550100. */
  number: Scalars['String']['input'];
  /** Text messages reach the assistant (a voice PIN unlocks the sender for a while). Default false. */
  smsAssistant?: InputMaybe<Scalars['Boolean']['input']>;
  /** Callers reach the voice assistant (caller ID and voice PIN) instead of an agent. Default false. */
  voiceAssistant?: InputMaybe<Scalars['Boolean']['input']>;
};

export type AgentRun = {
  __typename?: 'AgentRun';
  /** Who asked; null for an API key. */
  actor?: Maybe<User>;
  /** Prompt tokens served from the provider cache. */
  cacheReadTokens: Scalars['Int']['output'];
  /** Prompt tokens written to the provider cache. */
  cacheWriteTokens: Scalars['Int']['output'];
  /** assistant (askAssistant), mcp, voice or sms. */
  channel: Scalars['String']['output'];
  conversationId?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** Why the turn failed, when it did. */
  error?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** What the caller said or typed (for MCP: the tool called). */
  input: Scalars['String']['output'];
  inputTokens: Scalars['Int']['output'];
  modelRoundTrips: Scalars['Int']['output'];
  outputTokens: Scalars['Int']['output'];
  /** `builtin`, `claude:<model>` or `mcp`. */
  planner: Scalars['String']['output'];
  /** Time in the planner (the model, or parsing). */
  planningMs: Scalars['Int']['output'];
  reply: Scalars['String']['output'];
  status: AssistantStatus;
  toolCalls: Array<AgentToolCall>;
  /** Time in tool calls. */
  toolsMs: Scalars['Int']['output'];
  totalMs: Scalars['Int']['output'];
};

export type AgentRunConnection = {
  __typename?: 'AgentRunConnection';
  edges: Array<AgentRunEdge>;
  nodes: Array<AgentRun>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AgentRunEdge = {
  __typename?: 'AgentRunEdge';
  cursor: Scalars['String']['output'];
  node: AgentRun;
};

export type AgentToolCall = {
  __typename?: 'AgentToolCall';
  durationMs: Scalars['Int']['output'];
  error?: Maybe<Scalars['String']['output']>;
  input: Scalars['JSON']['output'];
  name: Scalars['String']['output'];
  /** ok, needs_confirmation or error. */
  outcome: Scalars['String']['output'];
  output?: Maybe<Scalars['JSON']['output']>;
};

export type AlertKind =
  | 'GEOFENCE_ENTER'
  | 'GEOFENCE_EXIT'
  | 'IDLE'
  | 'SPEEDING'
  | 'STALE_POSITION';

export type AlertSeverity =
  | 'CRITICAL'
  | 'INFO'
  | 'WARNING';

export type ApiKey = {
  __typename?: 'ApiKey';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  prefix: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  role: Role;
};

/** A destructive request waiting for an explicit yes: answer "yes" in the same conversation, or pass the token as `confirm`. Single use, bound to you and this request, valid until expiresAt. */
export type AssistantConfirmation = {
  __typename?: 'AssistantConfirmation';
  expiresAt: Scalars['DateTime']['output'];
  summary: Scalars['String']['output'];
  token: Scalars['String']['output'];
};

export type AssistantReply = {
  __typename?: 'AssistantReply';
  confirmation?: Maybe<AssistantConfirmation>;
  /** Pass it back as conversationId to continue. */
  conversationId: Scalars['ID']['output'];
  /** The turn's AgentRun id. */
  id: Scalars['ID']['output'];
  latencyMs: Scalars['Int']['output'];
  /** `builtin`, `claude:<model>`, or `confirmation` for a confirmed request. */
  planner: Scalars['String']['output'];
  status: AssistantStatus;
  text: Scalars['String']['output'];
  toolCalls: Array<ToolCall>;
};

/** COMPLETED: done (or answered). NEEDS_CONFIRMATION: a destructive tool waits for an explicit yes. NEEDS_CLARIFICATION: the request was ambiguous or missing something; the reply asks. REFUSED: not allowed for this caller. FAILED: something went wrong; nothing was half-done. */
export type AssistantStatus =
  | 'COMPLETED'
  | 'FAILED'
  | 'NEEDS_CLARIFICATION'
  | 'NEEDS_CONFIRMATION'
  | 'REFUSED';

export type Attendee = {
  __typename?: 'Attendee';
  email: Scalars['String']['output'];
  name?: Maybe<Scalars['String']['output']>;
  response: AttendeeResponse;
  user?: Maybe<User>;
};

export type AttendeeInput = {
  email: Scalars['String']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
};

export type AttendeeResponse =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'NEEDS_ACTION'
  | 'TENTATIVE';

export type AuditEntry = {
  __typename?: 'AuditEntry';
  action: Scalars['String']['output'];
  /** The person who made the change; null when an API key made it. */
  actor?: Maybe<User>;
  changes?: Maybe<Scalars['JSON']['output']>;
  /** The assistant door the change came through (assistant, mcp, voice, sms); null for the API. */
  channel?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  entityId: Scalars['ID']['output'];
  entityType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
};

export type AuditEntryConnection = {
  __typename?: 'AuditEntryConnection';
  edges: Array<AuditEntryEdge>;
  nodes: Array<AuditEntry>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AuditEntryEdge = {
  __typename?: 'AuditEntryEdge';
  cursor: Scalars['String']['output'];
  node: AuditEntry;
};

export type AuthPayload = {
  __typename?: 'AuthPayload';
  /** JWT (HS256), valid for at most 15 minutes. Send as `Authorization: Bearer …`. */
  accessToken: Scalars['String']['output'];
  accessTokenExpiresAt: Scalars['DateTime']['output'];
  organization: Organization;
  /** Opaque, single use: exchange it with refreshSession for a new pair. */
  refreshToken: Scalars['String']['output'];
  role: Role;
  user: User;
};

export type AvailabilityInput = {
  /** 1 to 1440. */
  durationMinutes: Scalars['Int']['input'];
  from: Scalars['DateTime']['input'];
  /** At most 31 days after `from`. */
  to: Scalars['DateTime']['input'];
  /** Members of the organization (1 to 50). */
  userIds: Array<Scalars['ID']['input']>;
  workdayEnd?: InputMaybe<Scalars['String']['input']>;
  /** Local working hours as HH:MM, applied in each user's own time zone. */
  workdayStart?: InputMaybe<Scalars['String']['input']>;
};

export type CalendarConnection = {
  __typename?: 'CalendarConnection';
  accountEmail?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  lastError?: Maybe<Scalars['String']['output']>;
  lastSyncedAt?: Maybe<Scalars['DateTime']['output']>;
  provider: Scalars['String']['output'];
  status: SyncStatus;
};

export type CalendarEvent = {
  __typename?: 'CalendarEvent';
  allDay: Scalars['Boolean']['output'];
  attendees: Array<Attendee>;
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  endsAt: Scalars['DateTime']['output'];
  externalId?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  location?: Maybe<Scalars['String']['output']>;
  organizer?: Maybe<User>;
  /** RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,WE */
  recurrence?: Maybe<Scalars['String']['output']>;
  source: EventSource;
  startsAt: Scalars['DateTime']['output'];
  timezone: Scalars['String']['output'];
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type Call = {
  __typename?: 'Call';
  agent?: Maybe<User>;
  /** The member who called the voice assistant, once signed in by PIN. */
  caller?: Maybe<User>;
  campaign?: Maybe<Campaign>;
  createdAt: Scalars['DateTime']['output'];
  direction: CallDirection;
  durationSec?: Maybe<Scalars['Int']['output']>;
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The importer's own id; importing it again returns this call. */
  externalId?: Maybe<Scalars['String']['output']>;
  from: Scalars['String']['output'];
  /** AGENT for a call a person answered; ASSISTANT for a call to a voice-assistant number (its turns are the transcript: the caller as CUSTOMER, the assistant as AGENT). */
  handledBy: CallHandler;
  id: Scalars['ID']['output'];
  recordingUrl?: Maybe<Scalars['String']['output']>;
  /** How many card numbers, security codes, expiry dates, SSNs and account numbers were replaced by markers in the transcript before it was stored (0 when the organization's `redactTranscripts` is off). */
  redactions: Scalars['Int']['output'];
  /** The latest score. */
  score?: Maybe<CallScore>;
  scoreStatus: ScoreStatus;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: CallStatus;
  /** Every status the call went through, oldest first. */
  statusTimeline: Array<CallStatusChange>;
  to: Scalars['String']['output'];
  transcript: Array<TranscriptSegment>;
  twilioCallSid?: Maybe<Scalars['String']['output']>;
};

export type CallConnection = {
  __typename?: 'CallConnection';
  edges: Array<CallEdge>;
  nodes: Array<Call>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type CallDirection =
  | 'INBOUND'
  | 'OUTBOUND';

export type CallEdge = {
  __typename?: 'CallEdge';
  cursor: Scalars['String']['output'];
  node: Call;
};

export type CallFilter = {
  agentId?: InputMaybe<Scalars['ID']['input']>;
  campaignId?: InputMaybe<Scalars['ID']['input']>;
  /** Started (or created, when never started) at or after. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** Latest overall score at most this (0..100). */
  maxScore?: InputMaybe<Scalars['Float']['input']>;
  /** Latest overall score at least this (0..100). */
  minScore?: InputMaybe<Scalars['Float']['input']>;
  scoreStatus?: InputMaybe<Array<ScoreStatus>>;
  status?: InputMaybe<Array<CallStatus>>;
  /** Started (or created) strictly before. */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

export type CallHandler =
  | 'AGENT'
  | 'ASSISTANT';

export type CallMetrics = {
  __typename?: 'CallMetrics';
  /** The agent's share of speaking time, 0..1. */
  agentTalkRatio: Scalars['Float']['output'];
  agentWordsPerMinute: Scalars['Float']['output'];
  /** The customer's share of speaking time, 0..1. */
  customerTalkRatio: Scalars['Float']['output'];
  /** Times a speaker started while the other was still talking. */
  interruptions: Scalars['Int']['output'];
  /** Longest stretch one speaker held the floor, in seconds. */
  longestMonologueSec: Scalars['Float']['output'];
  /** Questions the agent asked (sentences ending in "?"). */
  questionsAsked: Scalars['Int']['output'];
  /** Share of the call where nobody speaks, 0..1. */
  silenceRatio: Scalars['Float']['output'];
};

export type CallScore = {
  __typename?: 'CallScore';
  call: Call;
  createdAt: Scalars['DateTime']['output'];
  criteria: Array<CriterionScore>;
  id: Scalars['ID']['output'];
  metrics: CallMetrics;
  model?: Maybe<Scalars['String']['output']>;
  /** 0..100: the weighted sum of the criteria scores. */
  overall: Scalars['Float']['output'];
  scorecardVersion: Scalars['Int']['output'];
  /** "claude" when Claude judged the LLM_JUDGED criteria, else "builtin". */
  scorer: Scalars['String']['output'];
};

export type CallStatus =
  | 'BUSY'
  | 'CANCELED'
  | 'COMPLETED'
  | 'FAILED'
  | 'IN_PROGRESS'
  | 'NO_ANSWER'
  | 'QUEUED'
  | 'RINGING';

export type CallStatusChange = {
  __typename?: 'CallStatusChange';
  at: Scalars['DateTime']['output'];
  status: CallStatus;
};

export type Campaign = {
  __typename?: 'Campaign';
  active: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The current version. */
  scorecard: Scorecard;
  script?: Maybe<Scalars['String']['output']>;
};

export type ChangeKind =
  | 'CREATED'
  | 'DELETED'
  | 'UPDATED';

export type CreateApiKeyInput = {
  name: Scalars['String']['input'];
  role: Role;
};

export type CreateCampaignInput = {
  criteria: Array<CriterionInput>;
  /** 1 to 200 characters. */
  name: Scalars['String']['input'];
  script?: InputMaybe<Scalars['String']['input']>;
};

export type CreateDriverInput = {
  name: Scalars['String']['input'];
  phone?: InputMaybe<Scalars['String']['input']>;
  /** A member of the organization who is this driver. */
  userId?: InputMaybe<Scalars['ID']['input']>;
};

export type CreateEventInput = {
  allDay?: InputMaybe<Scalars['Boolean']['input']>;
  attendees?: InputMaybe<Array<AttendeeInput>>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** After startsAt. All-day: the day after the last day. */
  endsAt: Scalars['DateTime']['input'];
  location?: InputMaybe<Scalars['String']['input']>;
  /** RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO */
  recurrence?: InputMaybe<Scalars['String']['input']>;
  /** For an all-day event, its date is taken in `timezone` and the time ignored. */
  startsAt: Scalars['DateTime']['input'];
  /** IANA time zone name; the organizer's own zone when omitted. */
  timezone?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 500 characters, trimmed. */
  title: Scalars['String']['input'];
};

export type CreateGeofenceInput = {
  /** A GeoJSON Polygon: closed rings of ≥ 4 [lng, lat] positions. */
  geometry: Scalars['JSON']['input'];
  name: Scalars['String']['input'];
};

export type CreateTaskInput = {
  /** A member of the organization. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  dueAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** At most 20, each 1 to 50 characters. */
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Makes it a subtask, placed last among its siblings. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  /** MEDIUM unless given. */
  priority?: InputMaybe<TaskPriority>;
  /** TODO unless given. */
  status?: InputMaybe<TaskStatus>;
  /** A team of the organization; the parent's team when omitted for a subtask. */
  teamId?: InputMaybe<Scalars['ID']['input']>;
  /** 1 to 500 characters, trimmed. */
  title: Scalars['String']['input'];
};

export type CreateTeamInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** Unique within the organization. */
  name: Scalars['String']['input'];
};

export type CreateVehicleInput = {
  /** An existing driver (not together with driverName). */
  driverId?: InputMaybe<Scalars['ID']['input']>;
  /** Creates a driver of this name. */
  driverName?: InputMaybe<Scalars['String']['input']>;
  /** The provider's vehicle id (Samsara), which feed positions are matched by. */
  externalId?: InputMaybe<Scalars['String']['input']>;
  licensePlate?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** The organization's default when omitted. */
  speedLimitKph?: InputMaybe<Scalars['Float']['input']>;
  /** 17 characters, no I, O or Q. */
  vin?: InputMaybe<Scalars['String']['input']>;
};

export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  /** The full secret, shown only once. */
  secret: Scalars['String']['output'];
};

export type Criterion = {
  __typename?: 'Criterion';
  config?: Maybe<Scalars['JSON']['output']>;
  description: Scalars['String']['output'];
  key: Scalars['String']['output'];
  kind: CriterionKind;
  /** Share of the overall score; the weights of a scorecard add up to 100. */
  weight: Scalars['Float']['output'];
};

export type CriterionInput = {
  /** Per kind: PHRASE_REQUIRED {phrases, speaker?, withinSec?}; PHRASE_FORBIDDEN {phrases, speaker?}; METRIC_THRESHOLD {metric, op, value}; LLM_JUDGED null or {guidance}. */
  config?: InputMaybe<Scalars['JSON']['input']>;
  /** What is judged; for LLM_JUDGED, the question put to the judge. */
  description: Scalars['String']['input'];
  /** snake_case, unique within the scorecard. */
  key: Scalars['String']['input'];
  kind: CriterionKind;
  /** Relative weight above 0; the scorecard scales weights to add up to 100. */
  weight: Scalars['Float']['input'];
};

export type CriterionKind =
  | 'LLM_JUDGED'
  | 'METRIC_THRESHOLD'
  | 'PHRASE_FORBIDDEN'
  | 'PHRASE_REQUIRED';

export type CriterionScore = {
  __typename?: 'CriterionScore';
  /** Transcript text (verbatim) or figures the score rests on. */
  evidence: Array<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  passed: Scalars['Boolean']['output'];
  rationale?: Maybe<Scalars['String']['output']>;
  /** 0..1 */
  score: Scalars['Float']['output'];
  /** "rules" (phrase and metric criteria), "builtin" or "claude". */
  scorer: Scalars['String']['output'];
  weight: Scalars['Float']['output'];
};

export type Driver = {
  __typename?: 'Driver';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  phone?: Maybe<Scalars['String']['output']>;
  user?: Maybe<User>;
};

/** One concrete instance of an event inside a queried range. */
export type EventOccurrence = {
  __typename?: 'EventOccurrence';
  endsAt: Scalars['DateTime']['output'];
  event: CalendarEvent;
  startsAt: Scalars['DateTime']['output'];
};

export type EventSource =
  | 'GOOGLE'
  | 'LOCAL';

export type FleetAlert = {
  __typename?: 'FleetAlert';
  acknowledgedAt?: Maybe<Scalars['DateTime']['output']>;
  acknowledgedBy?: Maybe<User>;
  at: Scalars['DateTime']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kind: AlertKind;
  message: Scalars['String']['output'];
  severity: AlertSeverity;
  vehicle: Vehicle;
};

export type FleetAlertConnection = {
  __typename?: 'FleetAlertConnection';
  edges: Array<FleetAlertEdge>;
  nodes: Array<FleetAlert>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type FleetAlertEdge = {
  __typename?: 'FleetAlertEdge';
  cursor: Scalars['String']['output'];
  node: FleetAlert;
};

export type FleetAlertFilter = {
  acknowledged?: InputMaybe<Scalars['Boolean']['input']>;
  kind?: InputMaybe<Array<AlertKind>>;
  vehicleId?: InputMaybe<Scalars['ID']['input']>;
};

export type FleetIntegration = {
  __typename?: 'FleetIntegration';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  lastError?: Maybe<Scalars['String']['output']>;
  lastPolledAt?: Maybe<Scalars['DateTime']['output']>;
  provider: Scalars['String']['output'];
  status: SyncStatus;
};

export type FleetSettings = {
  __typename?: 'FleetSettings';
  createdAt: Scalars['DateTime']['output'];
  /** Speed limit of vehicles without one of their own. */
  defaultSpeedLimitKph: Scalars['Float']['output'];
  id: Scalars['ID']['output'];
  /** IDLE after this long at (about) zero speed. */
  idleAfterMinutes: Scalars['Int']['output'];
  /** Whether a Slack webhook is set (it is never shown). */
  slackWebhookConfigured: Scalars['Boolean']['output'];
  /** SPEEDING needs this long over the limit (position time). */
  speedingMinSeconds: Scalars['Int']['output'];
  /** STALE_POSITION after this long without a position. */
  staleAfterMinutes: Scalars['Int']['output'];
};

export type Geofence = {
  __typename?: 'Geofence';
  createdAt: Scalars['DateTime']['output'];
  /** GeoJSON Polygon */
  geometry: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type GoogleAuthorization = {
  __typename?: 'GoogleAuthorization';
  url: Scalars['String']['output'];
};

export type ImportCallInput = {
  /** A member of the organization. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** A campaign of the organization; scored against its scorecard. */
  campaignId?: InputMaybe<Scalars['ID']['input']>;
  direction: CallDirection;
  endedAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** Your id for the call: importing the same externalId again returns the first call. */
  externalId?: InputMaybe<Scalars['String']['input']>;
  from: Scalars['String']['input'];
  recordingUrl?: InputMaybe<Scalars['String']['input']>;
  startedAt?: InputMaybe<Scalars['DateTime']['input']>;
  to: Scalars['String']['input'];
  /** In time order; one speaker never overlaps itself; endSec ≥ startSec. */
  transcript: Array<TranscriptSegmentInput>;
};

export type Invitation = {
  __typename?: 'Invitation';
  acceptedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  declinedAt?: Maybe<Scalars['DateTime']['output']>;
  email: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Who sent it (null for an API key). */
  invitedBy?: Maybe<User>;
  organization: Organization;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  role: Role;
  status: InvitationStatus;
};

export type InvitationStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'EXPIRED'
  | 'PENDING'
  | 'REVOKED';

export type JobStatus =
  | 'COMPLETED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING';

export type LoginInput = {
  email: Scalars['String']['input'];
  /** Sign in to this organization (default: the oldest membership). */
  organizationId?: InputMaybe<Scalars['ID']['input']>;
  password: Scalars['String']['input'];
};

export type MailStatus =
  | 'FAILED'
  | 'LOGGED'
  | 'PENDING'
  | 'SENT';

export type Membership = {
  __typename?: 'Membership';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** @deprecated Always null: the invitation token is emailed to the invitee and never shown to the admin. */
  inviteToken?: Maybe<Scalars['String']['output']>;
  organization: Organization;
  role: Role;
  /** ACTIVE for a membership; INVITED in the addMember reply, whose `id` is then the invitation id (the membership exists once the invitee accepts). */
  status: MembershipStatus;
  user: User;
};

export type MembershipConnection = {
  __typename?: 'MembershipConnection';
  edges: Array<MembershipEdge>;
  nodes: Array<Membership>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type MembershipEdge = {
  __typename?: 'MembershipEdge';
  cursor: Scalars['String']['output'];
  node: Membership;
};

export type MembershipStatus =
  | 'ACTIVE'
  | 'INVITED';

export type MoveTaskInput = {
  /** The sibling to place it right after; null or left out places it first. */
  afterTaskId?: InputMaybe<Scalars['ID']['input']>;
  /** The new parent; null makes it a top-level task; left out keeps the current parent. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Accepts an invitation addressed to the caller (their email must be verified) and returns the new membership; `switchOrganization` then signs into it. */
  acceptInvitation: Membership;
  /** With the token from an invitation email: sets the password of the invited person (a new account, or one whose address was never verified), verifies the address, creates the membership and signs them in there. A verified account with a password accepts with acceptInvitation instead. */
  acceptInvite: AuthPayload;
  acknowledgeAlert: FleetAlert;
  /** Invites a person by email — an existing account, or a new person (name required) — and emails them the invitation. Nothing changes until they accept (acceptInvitation signed in with that verified email, or acceptInvite with the emailed token): the reply has `status: INVITED` and the invitation id as `id`. Only an owner may grant OWNER. */
  addMember: Membership;
  /** Routes Twilio webhooks for this number to the organization (and campaign). When the server has Twilio credentials the number must be on that Twilio account (BAD_USER_INPUT otherwise; SERVICE_UNAVAILABLE when Twilio fails or does not answer) and keeps its SID; without them it is stored unverified. */
  addPhoneNumber: PhoneNumber;
  addTaskComment: TaskComment;
  /** Puts a member of the organization in the team (MEMBER unless `role` says LEAD); for someone already in it, sets their team role. */
  addTeamMember: Team;
  /** Ask the assistant in words; it acts with the caller's own permissions. Destructive requests answer NEEDS_CONFIRMATION first. */
  askAssistant: AssistantReply;
  /** The Google consent URL for the caller's own calendar (valid 10 minutes, once). Over HTTP only: the answer sets an HttpOnly cookie (`sb_google_oauth`) the same browser must carry back to the callback. */
  connectGoogleCalendar: GoogleAuthorization;
  /** Stores the token encrypted and polls the Samsara locations feed from now on. */
  connectSamsara: FleetIntegration;
  /** The secret is in this response only. */
  createApiKey: CreatedApiKey;
  createCampaign: Campaign;
  createDriver: Driver;
  createEvent: CalendarEvent;
  createGeofence: Geofence;
  createTask: Task;
  createTeam: Team;
  createVehicle: Vehicle;
  /** Declines an invitation addressed to the caller. */
  declineInvitation: Invitation;
  deleteEvent: Scalars['Boolean']['output'];
  /** Soft-deletes the task and its subtasks. */
  deleteTask: Scalars['Boolean']['output'];
  /** Revokes the tokens at Google and deletes them. */
  disconnectCalendar: Scalars['Boolean']['output'];
  /** Idempotent on externalId. Scored automatically when the campaign has a scorecard. */
  importCall: Call;
  login: AuthPayload;
  /** Ends the current session. */
  logout: Scalars['Boolean']['output'];
  /** Ends every session of the signed-in user. */
  logoutAll: Scalars['Boolean']['output'];
  /** Reparents (refusing cycles) and places the task right after `afterTaskId`. */
  moveTask: Task;
  /** Stores positions (duplicates of a stored vehicle and time are ignored); returns how many were new. */
  recordPositions: Scalars['Int']['output'];
  /** Exchanges a refresh token (single use) for a new token pair. */
  refreshSession: AuthPayload;
  /** Creates a user and their first organization, which they own. */
  register: AuthPayload;
  /** Removes the member and their team places; their access ends at once. Only an owner may remove an owner; the last owner cannot be removed. */
  removeMember: Scalars['Boolean']['output'];
  removePhoneNumber: Scalars['Boolean']['output'];
  removeTeamMember: Team;
  /** Mails a new verification link to the caller's address (earlier links stop working); CONFLICT when already verified. */
  resendVerification: Scalars['Boolean']['output'];
  revokeApiKey: ApiKey;
  /** Revokes an open invitation: its emailed link stops working. */
  revokeInvitation: Invitation;
  revokeSession: Scalars['Boolean']['output'];
  /** Queues the scoring of the call against its campaign’s current scorecard (one job per call and version). wait: true answers when it is done or after CALL_SCORING_WAIT_MS. */
  scoreCall: ScoringJob;
  /** Sets the PIN used to sign in by phone (4–8 digits). */
  setVoicePin: User;
  switchOrganization: AuthPayload;
  /** Queues a sync now. */
  syncCalendar: CalendarConnection;
  updateEvent: CalendarEvent;
  updateFleetSettings: FleetSettings;
  /** Only an owner may change an owner's role or grant OWNER; the last owner cannot be demoted. */
  updateMemberRole: Membership;
  /** Changes the active organization's settings (ADMIN and above; audited as `organization.settings_updated`). Fields left out keep their value. */
  updateOrganizationSettings: Organization;
  /** Changes a number's campaign and its voice and SMS assistant switches (only the fields given). NOT_FOUND for another organization's number. */
  updatePhoneNumber: PhoneNumber;
  /** Changes the caller's own name, phone (E.164, how the phone assistant recognises them) or time zone; only the fields given. */
  updateProfile: User;
  /** Writes the next scorecard version; scores made so far keep theirs. */
  updateScorecard: Campaign;
  updateTask: Task;
  /** Verifies the email address of an account with the single-use token from its verification email (valid 24 hours). */
  verifyEmail: Scalars['Boolean']['output'];
};


export type MutationAcceptInvitationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationAcceptInviteArgs = {
  password: Scalars['String']['input'];
  token: Scalars['String']['input'];
};


export type MutationAcknowledgeAlertArgs = {
  id: Scalars['ID']['input'];
};


export type MutationAddMemberArgs = {
  input: AddMemberInput;
};


export type MutationAddPhoneNumberArgs = {
  input: AddPhoneNumberInput;
};


export type MutationAddTaskCommentArgs = {
  body: Scalars['String']['input'];
  taskId: Scalars['ID']['input'];
};


export type MutationAddTeamMemberArgs = {
  role?: InputMaybe<TeamRole>;
  teamId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationAskAssistantArgs = {
  confirm?: InputMaybe<Scalars['String']['input']>;
  conversationId?: InputMaybe<Scalars['ID']['input']>;
  now?: InputMaybe<Scalars['DateTime']['input']>;
  text: Scalars['String']['input'];
};


export type MutationConnectSamsaraArgs = {
  apiToken: Scalars['String']['input'];
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreateCampaignArgs = {
  input: CreateCampaignInput;
};


export type MutationCreateDriverArgs = {
  input: CreateDriverInput;
};


export type MutationCreateEventArgs = {
  input: CreateEventInput;
};


export type MutationCreateGeofenceArgs = {
  input: CreateGeofenceInput;
};


export type MutationCreateTaskArgs = {
  input: CreateTaskInput;
};


export type MutationCreateTeamArgs = {
  input: CreateTeamInput;
};


export type MutationCreateVehicleArgs = {
  input: CreateVehicleInput;
};


export type MutationDeclineInvitationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteEventArgs = {
  id: Scalars['ID']['input'];
  occurrenceStartsAt?: InputMaybe<Scalars['DateTime']['input']>;
};


export type MutationDeleteTaskArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDisconnectCalendarArgs = {
  connectionId: Scalars['ID']['input'];
};


export type MutationImportCallArgs = {
  input: ImportCallInput;
};


export type MutationLoginArgs = {
  input: LoginInput;
};


export type MutationMoveTaskArgs = {
  id: Scalars['ID']['input'];
  input: MoveTaskInput;
};


export type MutationRecordPositionsArgs = {
  positions: Array<PositionInput>;
};


export type MutationRefreshSessionArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationRegisterArgs = {
  input: RegisterInput;
};


export type MutationRemoveMemberArgs = {
  membershipId: Scalars['ID']['input'];
};


export type MutationRemovePhoneNumberArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRemoveTeamMemberArgs = {
  teamId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeInvitationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeSessionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationScoreCallArgs = {
  callId: Scalars['ID']['input'];
  wait?: InputMaybe<Scalars['Boolean']['input']>;
};


export type MutationSetVoicePinArgs = {
  pin: Scalars['String']['input'];
};


export type MutationSwitchOrganizationArgs = {
  organizationId: Scalars['ID']['input'];
};


export type MutationSyncCalendarArgs = {
  connectionId: Scalars['ID']['input'];
};


export type MutationUpdateEventArgs = {
  id: Scalars['ID']['input'];
  input: UpdateEventInput;
  occurrenceStartsAt?: InputMaybe<Scalars['DateTime']['input']>;
};


export type MutationUpdateFleetSettingsArgs = {
  input: UpdateFleetSettingsInput;
};


export type MutationUpdateMemberRoleArgs = {
  membershipId: Scalars['ID']['input'];
  role: Role;
};


export type MutationUpdateOrganizationSettingsArgs = {
  input: UpdateOrganizationSettingsInput;
};


export type MutationUpdatePhoneNumberArgs = {
  id: Scalars['ID']['input'];
  input: UpdatePhoneNumberInput;
};


export type MutationUpdateProfileArgs = {
  input: UpdateProfileInput;
};


export type MutationUpdateScorecardArgs = {
  campaignId: Scalars['ID']['input'];
  criteria: Array<CriterionInput>;
};


export type MutationUpdateTaskArgs = {
  id: Scalars['ID']['input'];
  input: UpdateTaskInput;
};


export type MutationVerifyEmailArgs = {
  token: Scalars['String']['input'];
};

export type OrderDirection =
  | 'ASC'
  | 'DESC';

export type Organization = {
  __typename?: 'Organization';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Card numbers, security codes, expiry dates, SSNs and bank account numbers are replaced by markers (`[card number]`, …) in call transcripts before they are stored or scored. On by default; changed with `updateOrganizationSettings` (ADMIN and above). */
  redactTranscripts: Scalars['Boolean']['output'];
  slug: Scalars['String']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type PhoneNumber = {
  __typename?: 'PhoneNumber';
  campaign?: Maybe<Campaign>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** E.164, e.g. +14155550100. */
  number: Scalars['String']['output'];
  /** Text messages to this number reach the assistant (a voice PIN unlocks the sender for a while). STOP/START/HELP are honoured either way. */
  smsAssistant: Scalars['Boolean']['output'];
  /** Twilio's SID of the number (PN…), read from the account when the number was added; null when it was added while Twilio was not configured (unverified). */
  twilioSid?: Maybe<Scalars['String']['output']>;
  /** Callers to this number reach the voice assistant (caller ID and voice PIN, then spoken requests) instead of an agent. */
  voiceAssistant: Scalars['Boolean']['output'];
};

export type Position = {
  __typename?: 'Position';
  at: Scalars['DateTime']['output'];
  /** Degrees clockwise from north. */
  heading?: Maybe<Scalars['Float']['output']>;
  lat: Scalars['Float']['output'];
  lng: Scalars['Float']['output'];
  speedKph?: Maybe<Scalars['Float']['output']>;
};

export type PositionInput = {
  at: Scalars['DateTime']['input'];
  heading?: InputMaybe<Scalars['Float']['input']>;
  lat: Scalars['Float']['input'];
  lng: Scalars['Float']['input'];
  speedKph?: InputMaybe<Scalars['Float']['input']>;
  vehicleId: Scalars['ID']['input'];
};

export type QualityReportRow = {
  __typename?: 'QualityReportRow';
  /** Average overall (or criterion) score, 0..100; null when nothing is scored. */
  averageScore?: Maybe<Scalars['Float']['output']>;
  /** Calls in the group (for CRITERION: scored calls judged on it). */
  calls: Scalars['Int']['output'];
  /** Agent id ("unassigned"), day (YYYY-MM-DD, UTC) or criterion key. */
  key: Scalars['String']['output'];
  label: Scalars['String']['output'];
  /** Share of criterion results that passed, 0..1; null when nothing is scored. */
  passRate?: Maybe<Scalars['Float']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Null unless it is the caller's own run (or the caller is ADMIN or OWNER). */
  agentRun?: Maybe<AgentRun>;
  /** Assistant runs, newest first: the caller's own; ADMIN and OWNER see everyone's. */
  agentRuns: AgentRunConnection;
  apiKeys: Array<ApiKey>;
  /** Changes in the active organization, newest first. */
  auditLog: AuditEntryConnection;
  /** Free stretches of at least durationMinutes common to all users, inside each one's working hours in their own time zone (default 09:00-17:00, every day). */
  availability: Array<TimeSlot>;
  calendarConnections: Array<CalendarConnection>;
  call?: Maybe<Call>;
  /** The campaign's calls in [from, to), grouped; each call counts with its latest score. */
  callQualityReport: Array<QualityReportRow>;
  /** Newest first. */
  calls: CallConnection;
  campaign?: Maybe<Campaign>;
  /** Newest first. */
  campaigns: Array<Campaign>;
  /** Null when no live event of the active organization has this id. */
  event?: Maybe<CalendarEvent>;
  /** Occurrences in [from, to) (at most 366 days), recurring events expanded, ordered by start. With userIds: events those members organize or attend. */
  events: Array<EventOccurrence>;
  /** Newest first. */
  fleetAlerts: FleetAlertConnection;
  fleetIntegrations: Array<FleetIntegration>;
  /** Defaults until changed. */
  fleetSettings: FleetSettings;
  geofences: Array<Geofence>;
  /** The active organization's invitations, newest first (at most 500). */
  invitations: Array<Invitation>;
  me: Viewer;
  /** Members of the active organization, oldest first. */
  members: MembershipConnection;
  /** The caller's open invitations to other organizations. */
  myInvitations: Array<Invitation>;
  /** The organization's Twilio numbers. */
  phoneNumbers: Array<PhoneNumber>;
  scoringJob?: Maybe<ScoringJob>;
  /** The newest mail sent about the active organization (its invitations), with delivery status. OWNER only; without SMTP configured this is where invitations can be read. Account mail (email verification) belongs to its recipient and is not listed. */
  sentMail: Array<SentMail>;
  /** The current server time. */
  serverTime: Scalars['DateTime']['output'];
  sessions: Array<Session>;
  /** Null when no live task of the active organization has this id. */
  task?: Maybe<Task>;
  taskStats: TaskStats;
  tasks: TaskConnection;
  /** Null when no team of the active organization has this id. */
  team?: Maybe<Team>;
  /** Teams of the active organization, by name. */
  teams: Array<Team>;
  vehicle?: Maybe<Vehicle>;
  /** By name. */
  vehicles: Array<Vehicle>;
};


export type QueryAgentRunArgs = {
  id: Scalars['ID']['input'];
};


export type QueryAgentRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  channel?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAuditLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  entityId?: InputMaybe<Scalars['ID']['input']>;
  entityType?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAvailabilityArgs = {
  input: AvailabilityInput;
};


export type QueryCallArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCallQualityReportArgs = {
  campaignId: Scalars['ID']['input'];
  from: Scalars['DateTime']['input'];
  groupBy: ReportGrouping;
  to: Scalars['DateTime']['input'];
};


export type QueryCallsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CallFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCampaignArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEventArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEventsArgs = {
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
  userIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type QueryFleetAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<FleetAlertFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryInvitationsArgs = {
  status?: InputMaybe<InvitationStatus>;
};


export type QueryMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryScoringJobArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySentMailArgs = {
  limit?: Scalars['Int']['input'];
};


export type QueryTaskArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTaskStatsArgs = {
  teamId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TaskFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<TaskOrder>;
};


export type QueryTeamArgs = {
  id: Scalars['ID']['input'];
};


export type QueryVehicleArgs = {
  id: Scalars['ID']['input'];
};

export type RegisterInput = {
  email: Scalars['String']['input'];
  name: Scalars['String']['input'];
  organizationName: Scalars['String']['input'];
  password: Scalars['String']['input'];
  /** IANA time zone, e.g. Europe/Paris. Default UTC. */
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type ReportGrouping =
  | 'AGENT'
  | 'CRITERION'
  | 'DAY';

export type Role =
  | 'ADMIN'
  | 'AGENT'
  | 'OWNER'
  | 'SUPERVISOR'
  | 'VIEWER';

export type ScoreStatus =
  | 'FAILED'
  | 'NOT_SCORED'
  | 'QUEUED'
  | 'SCORED'
  | 'SCORING';

export type Scorecard = {
  __typename?: 'Scorecard';
  createdAt: Scalars['DateTime']['output'];
  criteria: Array<Criterion>;
  id: Scalars['ID']['output'];
  version: Scalars['Int']['output'];
};

export type ScoringJob = {
  __typename?: 'ScoringJob';
  call: Call;
  createdAt: Scalars['DateTime']['output'];
  /** Why the last attempt failed. */
  error?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  score?: Maybe<CallScore>;
  status: JobStatus;
};

export type SentMail = {
  __typename?: 'SentMail';
  attempts: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kind: Scalars['String']['output'];
  lastError?: Maybe<Scalars['String']['output']>;
  sentAt?: Maybe<Scalars['DateTime']['output']>;
  status: MailStatus;
  subject: Scalars['String']['output'];
  text: Scalars['String']['output'];
  toAddress: Scalars['String']['output'];
};

export type Session = {
  __typename?: 'Session';
  createdAt: Scalars['DateTime']['output'];
  current: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  ip?: Maybe<Scalars['String']['output']>;
  lastUsedAt: Scalars['DateTime']['output'];
  userAgent?: Maybe<Scalars['String']['output']>;
};

export type Speaker =
  | 'AGENT'
  | 'CUSTOMER';

export type Subscription = {
  __typename?: 'Subscription';
  /** A call was scored. */
  callScored: CallScore;
  /** A call was created or changed status (call or score). */
  callUpdated: Call;
  fleetAlertRaised: FleetAlert;
  /** The server time, every `intervalMs`. */
  serverTime: Scalars['DateTime']['output'];
  taskChanged: TaskChange;
  vehiclePositions: VehiclePositionUpdate;
};


export type SubscriptionCallScoredArgs = {
  campaignId?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionCallUpdatedArgs = {
  campaignId?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionServerTimeArgs = {
  intervalMs?: Scalars['Int']['input'];
};


export type SubscriptionTaskChangedArgs = {
  teamId?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionVehiclePositionsArgs = {
  vehicleIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type SyncStatus =
  | 'ERROR'
  | 'IDLE'
  | 'OK'
  | 'SYNCING';

export type Task = {
  __typename?: 'Task';
  assignee?: Maybe<User>;
  /** Oldest first. */
  comments: Array<TaskComment>;
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** Null when an API key created it. */
  creator?: Maybe<User>;
  description?: Maybe<Scalars['String']['output']>;
  dueAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  labels: Array<Scalars['String']['output']>;
  parent?: Maybe<Task>;
  position: Scalars['Float']['output'];
  priority: TaskPriority;
  /** Share of descendant subtasks that are DONE, 0..1; null when there are none. */
  progress?: Maybe<Scalars['Float']['output']>;
  source: TaskSource;
  status: TaskStatus;
  /** Direct subtasks, by position. */
  subtasks: Array<Task>;
  team?: Maybe<Team>;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type TaskChange = {
  __typename?: 'TaskChange';
  kind: ChangeKind;
  task: Task;
};

export type TaskComment = {
  __typename?: 'TaskComment';
  /** Null when an API key wrote it. */
  author?: Maybe<User>;
  body: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
};

export type TaskConnection = {
  __typename?: 'TaskConnection';
  edges: Array<TaskEdge>;
  nodes: Array<Task>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type TaskEdge = {
  __typename?: 'TaskEdge';
  cursor: Scalars['String']['output'];
  node: Task;
};

export type TaskFilter = {
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  /** Due strictly after this time. */
  dueAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Due strictly before this time. */
  dueBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Tasks carrying this label. */
  label?: InputMaybe<Scalars['String']['input']>;
  /** Direct subtasks of this task. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  priority?: InputMaybe<Array<TaskPriority>>;
  /** Full-text search over title and description (web-search syntax, stemmed). */
  search?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<Array<TaskStatus>>;
  teamId?: InputMaybe<Scalars['ID']['input']>;
};

export type TaskOrder = {
  direction: OrderDirection;
  field: TaskOrderField;
};

export type TaskOrderField =
  | 'CREATED_AT'
  | 'DUE_AT'
  | 'POSITION'
  | 'PRIORITY'
  | 'UPDATED_AT';

export type TaskPriority =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM'
  | 'URGENT';

export type TaskSource =
  | 'API'
  | 'ASSISTANT'
  | 'AUTOMATION'
  | 'CALL'
  | 'VOICE'
  | 'WEB';

export type TaskStats = {
  __typename?: 'TaskStats';
  /** Count per status, every status present: { TODO: 3, … }. */
  byStatus: Scalars['JSON']['output'];
  /** Past their due time and neither DONE nor CANCELLED. */
  overdue: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

export type TaskStatus =
  | 'BLOCKED'
  | 'CANCELLED'
  | 'DONE'
  | 'IN_PROGRESS'
  | 'TODO';

export type Team = {
  __typename?: 'Team';
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  members: Array<TeamMember>;
  name: Scalars['String']['output'];
};

export type TeamMember = {
  __typename?: 'TeamMember';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  role: TeamRole;
  user: User;
};

export type TeamRole =
  | 'LEAD'
  | 'MEMBER';

export type TimeSlot = {
  __typename?: 'TimeSlot';
  endsAt: Scalars['DateTime']['output'];
  startsAt: Scalars['DateTime']['output'];
};

/** One tool the assistant ran for this reply. */
export type ToolCall = {
  __typename?: 'ToolCall';
  durationMs: Scalars['Int']['output'];
  error?: Maybe<Scalars['String']['output']>;
  /** Exactly the input the tool ran with. */
  input: Scalars['JSON']['output'];
  name: Scalars['String']['output'];
  /** ok, needs_confirmation or error. */
  outcome: Scalars['String']['output'];
  output?: Maybe<Scalars['JSON']['output']>;
};

export type TranscriptSegment = {
  __typename?: 'TranscriptSegment';
  endSec: Scalars['Float']['output'];
  speaker: Speaker;
  startSec: Scalars['Float']['output'];
  text: Scalars['String']['output'];
};

export type TranscriptSegmentInput = {
  endSec: Scalars['Float']['input'];
  speaker: Speaker;
  startSec: Scalars['Float']['input'];
  text: Scalars['String']['input'];
};

export type UpdateEventInput = {
  allDay?: InputMaybe<Scalars['Boolean']['input']>;
  /** Replaces the attendee list. */
  attendees?: InputMaybe<Array<AttendeeInput>>;
  description?: InputMaybe<Scalars['String']['input']>;
  endsAt?: InputMaybe<Scalars['DateTime']['input']>;
  location?: InputMaybe<Scalars['String']['input']>;
  /** Null removes the recurrence. */
  recurrence?: InputMaybe<Scalars['String']['input']>;
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
  timezone?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateFleetSettingsInput = {
  defaultSpeedLimitKph?: InputMaybe<Scalars['Float']['input']>;
  idleAfterMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** Slack incoming webhook (https://hooks.slack.com/services/…, nothing else) that CRITICAL fleet alerts post to; null removes it. Stored encrypted, never shown back. */
  slackWebhookUrl?: InputMaybe<Scalars['String']['input']>;
  speedingMinSeconds?: InputMaybe<Scalars['Int']['input']>;
  staleAfterMinutes?: InputMaybe<Scalars['Int']['input']>;
};

export type UpdateOrganizationSettingsInput = {
  /** Redact card numbers, codes, SSNs and account numbers from call transcripts. */
  redactTranscripts?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Only the fields given change; campaignId null detaches the number from its campaign. */
export type UpdatePhoneNumberInput = {
  /** Calls on this number join this campaign; null for none. */
  campaignId?: InputMaybe<Scalars['ID']['input']>;
  /** Text messages reach the assistant (a voice PIN unlocks the sender for a while). */
  smsAssistant?: InputMaybe<Scalars['Boolean']['input']>;
  /** Callers reach the voice assistant (caller ID and voice PIN) instead of an agent. */
  voiceAssistant?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Only the fields given change. */
export type UpdateProfileInput = {
  name?: InputMaybe<Scalars['String']['input']>;
  /** E.164, e.g. +14155550100; null clears it. The voice and SMS assistant recognise a caller by it. */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** IANA time zone, e.g. Europe/Paris. */
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateTaskInput = {
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  dueAt?: InputMaybe<Scalars['DateTime']['input']>;
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  priority?: InputMaybe<TaskPriority>;
  /** DONE sets completedAt; leaving DONE clears it. */
  status?: InputMaybe<TaskStatus>;
  teamId?: InputMaybe<Scalars['ID']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type User = {
  __typename?: 'User';
  createdAt: Scalars['DateTime']['output'];
  email: Scalars['String']['output'];
  emailVerifiedAt?: Maybe<Scalars['DateTime']['output']>;
  hasVoicePin: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  phone?: Maybe<Scalars['String']['output']>;
  timezone: Scalars['String']['output'];
};

export type Vehicle = {
  __typename?: 'Vehicle';
  createdAt: Scalars['DateTime']['output'];
  driver?: Maybe<Driver>;
  externalId?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lastPosition?: Maybe<Position>;
  licensePlate?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** Null: the organization's default. */
  speedLimitKph?: Maybe<Scalars['Float']['output']>;
  /** Positions in [from, to], oldest first. */
  track: Array<Position>;
  vin?: Maybe<Scalars['String']['output']>;
};


export type VehicleTrackArgs = {
  from: Scalars['DateTime']['input'];
  maxPoints?: InputMaybe<Scalars['Int']['input']>;
  to: Scalars['DateTime']['input'];
};

export type VehiclePositionUpdate = {
  __typename?: 'VehiclePositionUpdate';
  position: Position;
  vehicle: Vehicle;
};

export type Viewer = {
  __typename?: 'Viewer';
  memberships: Array<Membership>;
  organization: Organization;
  role: Role;
  user: User;
};

export type ScoreDetailsFragment = { __typename?: 'CallScore', id: string, overall: number, scorer: string, scorecardVersion: number, criteria: Array<{ __typename?: 'CriterionScore', key: string, score: number, passed: boolean, evidence: Array<string>, rationale?: string | null }> };

export type CallCardFragment = { __typename?: 'Call', id: string, from: string, to: string, status: CallStatus, scoreStatus: ScoreStatus, createdAt: string, agent?: { __typename?: 'User', id: string, name: string } | null, campaign?: { __typename?: 'Campaign', id: string, name: string } | null, score?: { __typename?: 'CallScore', id: string, overall: number, scorer: string, scorecardVersion: number, criteria: Array<{ __typename?: 'CriterionScore', key: string, score: number, passed: boolean, evidence: Array<string>, rationale?: string | null }> } | null };

export type BoardCallsQueryVariables = Exact<{ [key: string]: never; }>;


export type BoardCallsQuery = { __typename?: 'Query', calls: { __typename?: 'CallConnection', nodes: Array<{ __typename?: 'Call', id: string, from: string, to: string, status: CallStatus, scoreStatus: ScoreStatus, createdAt: string, agent?: { __typename?: 'User', id: string, name: string } | null, campaign?: { __typename?: 'Campaign', id: string, name: string } | null, score?: { __typename?: 'CallScore', id: string, overall: number, scorer: string, scorecardVersion: number, criteria: Array<{ __typename?: 'CriterionScore', key: string, score: number, passed: boolean, evidence: Array<string>, rationale?: string | null }> } | null }> } };

export type BoardCallUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type BoardCallUpdatedSubscription = { __typename?: 'Subscription', callUpdated: { __typename?: 'Call', id: string, from: string, to: string, status: CallStatus, scoreStatus: ScoreStatus, createdAt: string, agent?: { __typename?: 'User', id: string, name: string } | null, campaign?: { __typename?: 'Campaign', id: string, name: string } | null, score?: { __typename?: 'CallScore', id: string, overall: number, scorer: string, scorecardVersion: number, criteria: Array<{ __typename?: 'CriterionScore', key: string, score: number, passed: boolean, evidence: Array<string>, rationale?: string | null }> } | null } };

export type BoardCallScoredSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type BoardCallScoredSubscription = { __typename?: 'Subscription', callScored: { __typename?: 'CallScore', id: string, overall: number, scorer: string, scorecardVersion: number, call: { __typename?: 'Call', id: string, from: string, to: string, status: CallStatus, scoreStatus: ScoreStatus, createdAt: string, agent?: { __typename?: 'User', id: string, name: string } | null, campaign?: { __typename?: 'Campaign', id: string, name: string } | null, score?: { __typename?: 'CallScore', id: string, overall: number, scorer: string, scorecardVersion: number, criteria: Array<{ __typename?: 'CriterionScore', key: string, score: number, passed: boolean, evidence: Array<string>, rationale?: string | null }> } | null }, criteria: Array<{ __typename?: 'CriterionScore', key: string, score: number, passed: boolean, evidence: Array<string>, rationale?: string | null }> } };

export type VehicleRowFragment = { __typename?: 'Vehicle', id: string, name: string, licensePlate?: string | null, speedLimitKph?: number | null, driver?: { __typename?: 'Driver', id: string, name: string } | null, lastPosition?: { __typename?: 'Position', at: string, lat: number, lng: number, speedKph?: number | null, heading?: number | null } | null };

export type AlertRowFragment = { __typename?: 'FleetAlert', id: string, kind: AlertKind, severity: AlertSeverity, message: string, at: string, vehicle: { __typename?: 'Vehicle', id: string, name: string } };

export type FleetBoardQueryVariables = Exact<{ [key: string]: never; }>;


export type FleetBoardQuery = { __typename?: 'Query', vehicles: Array<{ __typename?: 'Vehicle', id: string, name: string, licensePlate?: string | null, speedLimitKph?: number | null, driver?: { __typename?: 'Driver', id: string, name: string } | null, lastPosition?: { __typename?: 'Position', at: string, lat: number, lng: number, speedKph?: number | null, heading?: number | null } | null }>, fleetAlerts: { __typename?: 'FleetAlertConnection', nodes: Array<{ __typename?: 'FleetAlert', id: string, kind: AlertKind, severity: AlertSeverity, message: string, at: string, vehicle: { __typename?: 'Vehicle', id: string, name: string } }> } };

export type FleetPositionsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type FleetPositionsSubscription = { __typename?: 'Subscription', vehiclePositions: { __typename?: 'VehiclePositionUpdate', vehicle: { __typename?: 'Vehicle', id: string }, position: { __typename?: 'Position', at: string, lat: number, lng: number, speedKph?: number | null, heading?: number | null } } };

export type FleetAlertRaisedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type FleetAlertRaisedSubscription = { __typename?: 'Subscription', fleetAlertRaised: { __typename?: 'FleetAlert', id: string, kind: AlertKind, severity: AlertSeverity, message: string, at: string, vehicle: { __typename?: 'Vehicle', id: string, name: string } } };

export type TaskCardFragment = { __typename?: 'Task', id: string, title: string, status: TaskStatus, priority: TaskPriority, dueAt?: string | null, assignee?: { __typename?: 'User', id: string, name: string } | null, parent?: { __typename?: 'Task', id: string, title: string } | null, team?: { __typename?: 'Team', id: string, name: string } | null };

export type BoardTasksQueryVariables = Exact<{ [key: string]: never; }>;


export type BoardTasksQuery = { __typename?: 'Query', tasks: { __typename?: 'TaskConnection', nodes: Array<{ __typename?: 'Task', id: string, title: string, status: TaskStatus, priority: TaskPriority, dueAt?: string | null, assignee?: { __typename?: 'User', id: string, name: string } | null, parent?: { __typename?: 'Task', id: string, title: string } | null, team?: { __typename?: 'Team', id: string, name: string } | null }> } };

export type BoardTaskChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type BoardTaskChangedSubscription = { __typename?: 'Subscription', taskChanged: { __typename?: 'TaskChange', kind: ChangeKind, task: { __typename?: 'Task', id: string, title: string, status: TaskStatus, priority: TaskPriority, dueAt?: string | null, assignee?: { __typename?: 'User', id: string, name: string } | null, parent?: { __typename?: 'Task', id: string, title: string } | null, team?: { __typename?: 'Team', id: string, name: string } | null } } };

export type SetTaskStatusMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  status: TaskStatus;
}>;


export type SetTaskStatusMutation = { __typename?: 'Mutation', updateTask: { __typename?: 'Task', id: string, title: string, status: TaskStatus, priority: TaskPriority, dueAt?: string | null, assignee?: { __typename?: 'User', id: string, name: string } | null, parent?: { __typename?: 'Task', id: string, title: string } | null, team?: { __typename?: 'Team', id: string, name: string } | null } };

export type SignInMutationVariables = Exact<{
  input: LoginInput;
}>;


export type SignInMutation = { __typename?: 'Mutation', login: { __typename?: 'AuthPayload', accessToken: string, refreshToken: string, accessTokenExpiresAt: string, role: Role, user: { __typename?: 'User', id: string, name: string, email: string }, organization: { __typename?: 'Organization', id: string, name: string } } };

export type RefreshMutationVariables = Exact<{
  refreshToken: Scalars['String']['input'];
}>;


export type RefreshMutation = { __typename?: 'Mutation', refreshSession: { __typename?: 'AuthPayload', accessToken: string, refreshToken: string, accessTokenExpiresAt: string, role: Role, user: { __typename?: 'User', id: string, name: string, email: string }, organization: { __typename?: 'Organization', id: string, name: string } } };

export type SessionFieldsFragment = { __typename?: 'AuthPayload', accessToken: string, refreshToken: string, accessTokenExpiresAt: string, role: Role, user: { __typename?: 'User', id: string, name: string, email: string }, organization: { __typename?: 'Organization', id: string, name: string } };

export const ScoreDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScoreDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallScore"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"overall"}},{"kind":"Field","name":{"kind":"Name","value":"scorer"}},{"kind":"Field","name":{"kind":"Name","value":"scorecardVersion"}},{"kind":"Field","name":{"kind":"Name","value":"criteria"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}}]}}]}}]} as unknown as DocumentNode<ScoreDetailsFragment, unknown>;
export const CallCardFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallCard"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"scoreStatus"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"campaign"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"score"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScoreDetails"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScoreDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallScore"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"overall"}},{"kind":"Field","name":{"kind":"Name","value":"scorer"}},{"kind":"Field","name":{"kind":"Name","value":"scorecardVersion"}},{"kind":"Field","name":{"kind":"Name","value":"criteria"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}}]}}]}}]} as unknown as DocumentNode<CallCardFragment, unknown>;
export const VehicleRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VehicleRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"licensePlate"}},{"kind":"Field","name":{"kind":"Name","value":"speedLimitKph"}},{"kind":"Field","name":{"kind":"Name","value":"driver"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastPosition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}},{"kind":"Field","name":{"kind":"Name","value":"speedKph"}},{"kind":"Field","name":{"kind":"Name","value":"heading"}}]}}]}}]} as unknown as DocumentNode<VehicleRowFragment, unknown>;
export const AlertRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AlertRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FleetAlert"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"vehicle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<AlertRowFragment, unknown>;
export const TaskCardFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskCard"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"team"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<TaskCardFragment, unknown>;
export const SessionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<SessionFieldsFragment, unknown>;
export const BoardCallsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BoardCalls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallCard"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScoreDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallScore"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"overall"}},{"kind":"Field","name":{"kind":"Name","value":"scorer"}},{"kind":"Field","name":{"kind":"Name","value":"scorecardVersion"}},{"kind":"Field","name":{"kind":"Name","value":"criteria"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallCard"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"scoreStatus"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"campaign"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"score"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScoreDetails"}}]}}]}}]} as unknown as DocumentNode<BoardCallsQuery, BoardCallsQueryVariables>;
export const BoardCallUpdatedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"BoardCallUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallCard"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScoreDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallScore"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"overall"}},{"kind":"Field","name":{"kind":"Name","value":"scorer"}},{"kind":"Field","name":{"kind":"Name","value":"scorecardVersion"}},{"kind":"Field","name":{"kind":"Name","value":"criteria"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallCard"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"scoreStatus"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"campaign"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"score"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScoreDetails"}}]}}]}}]} as unknown as DocumentNode<BoardCallUpdatedSubscription, BoardCallUpdatedSubscriptionVariables>;
export const BoardCallScoredDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"BoardCallScored"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callScored"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScoreDetails"}},{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallCard"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScoreDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallScore"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"overall"}},{"kind":"Field","name":{"kind":"Name","value":"scorer"}},{"kind":"Field","name":{"kind":"Name","value":"scorecardVersion"}},{"kind":"Field","name":{"kind":"Name","value":"criteria"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallCard"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"scoreStatus"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"campaign"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"score"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScoreDetails"}}]}}]}}]} as unknown as DocumentNode<BoardCallScoredSubscription, BoardCallScoredSubscriptionVariables>;
export const FleetBoardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetBoard"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vehicles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VehicleRow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fleetAlerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AlertRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VehicleRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"licensePlate"}},{"kind":"Field","name":{"kind":"Name","value":"speedLimitKph"}},{"kind":"Field","name":{"kind":"Name","value":"driver"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastPosition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}},{"kind":"Field","name":{"kind":"Name","value":"speedKph"}},{"kind":"Field","name":{"kind":"Name","value":"heading"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AlertRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FleetAlert"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"vehicle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<FleetBoardQuery, FleetBoardQueryVariables>;
export const FleetPositionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FleetPositions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vehiclePositions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vehicle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"position"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}},{"kind":"Field","name":{"kind":"Name","value":"speedKph"}},{"kind":"Field","name":{"kind":"Name","value":"heading"}}]}}]}}]}}]} as unknown as DocumentNode<FleetPositionsSubscription, FleetPositionsSubscriptionVariables>;
export const FleetAlertRaisedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FleetAlertRaised"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleetAlertRaised"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AlertRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AlertRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FleetAlert"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"vehicle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<FleetAlertRaisedSubscription, FleetAlertRaisedSubscriptionVariables>;
export const BoardTasksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BoardTasks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tasks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskCard"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskCard"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"team"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<BoardTasksQuery, BoardTasksQueryVariables>;
export const BoardTaskChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"BoardTaskChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskCard"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskCard"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"team"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<BoardTaskChangedSubscription, BoardTaskChangedSubscriptionVariables>;
export const SetTaskStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetTaskStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TaskStatus"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskCard"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskCard"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"team"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<SetTaskStatusMutation, SetTaskStatusMutationVariables>;
export const SignInDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoginInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<SignInMutation, SignInMutationVariables>;
export const RefreshDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Refresh"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"refreshToken"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"refreshToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"refreshToken"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<RefreshMutation, RefreshMutationVariables>;