import { registerAs } from '@nestjs/config';
import { isAbsolute, join } from 'node:path';
import { parseAllowedHosts } from './allowed-hosts';
import { parsePriceOverrides } from './anthropic-prices';
import { developmentSecrets } from './development-secrets';
import {
  EnvironmentVariables,
  MAINTENANCE_CONCURRENCY,
  parseTrustProxy,
  validateEnvironment,
} from './environment';

/** The validated environment. The only function in the code base that reads process.env. */
export function environment(): EnvironmentVariables {
  return validateEnvironment(process.env);
}

function dataDirectory(env: EnvironmentVariables): string {
  return isAbsolute(env.DATA_DIR) ? env.DATA_DIR : join(process.cwd(), env.DATA_DIR);
}

/** Where the api is reached from outside, without a trailing slash. */
function publicUrl(env: EnvironmentVariables): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
}

/** LOG_FORMAT resolved: `auto` is pretty only outside production on a terminal. */
export function prettyLogs(
  format: 'auto' | 'json' | 'pretty',
  nodeEnv: string,
  stdoutIsTerminal: boolean,
): boolean {
  if (format !== 'auto') return format === 'pretty';
  return nodeEnv !== 'production' && stdoutIsTerminal;
}

export const appConfig = registerAs('app', () => {
  const env = environment();
  return {
    environment: env.NODE_ENV,
    production: env.NODE_ENV === 'production',
    port: env.PORT,
    host: env.HOST,
    publicUrl: publicUrl(env),
    logLevel: env.LOG_LEVEL,
    /** Human-readable log lines (pino-pretty) rather than JSON. */
    prettyLogs: prettyLogs(env.LOG_FORMAT, env.NODE_ENV, process.stdout.isTTY === true),
    dataDir: dataDirectory(env),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    corsOrigins: env.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    httpBodyLimit: env.HTTP_BODY_LIMIT,
    /** Express `trust proxy`: which proxies' X-Forwarded-For gives the client IP (false: none). */
    trustProxy: parseTrustProxy(env.TRUST_PROXY) ?? false,
    /** Who may open the operators' queue dashboard (/admin/queues); off when neither is set. */
    operators: {
      login:
        env.OPERATOR_USERNAME && env.OPERATOR_PASSWORD
          ? { username: env.OPERATOR_USERNAME, password: env.OPERATOR_PASSWORD }
          : null,
      token: env.OPERATOR_TOKEN ?? null,
    },
  };
});

export const databaseConfig = registerAs('database', () => {
  const env = environment();
  return {
    /** Absent: embedded PostgreSQL (PGlite) under `dataDir`. */
    url: env.DATABASE_URL,
    embedded: !env.DATABASE_URL,
    dataDir: dataDirectory(env),
    embeddedPort: env.EMBEDDED_DB_PORT,
    poolSize: env.DATABASE_POOL_SIZE,
    runMigrations: env.DATABASE_RUN_MIGRATIONS,
    logging: env.DATABASE_LOGGING,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
});

export const redisConfig = registerAs('redis', () => {
  const env = environment();
  return { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
});

export const queueConfig = registerAs('queue', () => {
  const env = environment();
  return {
    workerConcurrency: env.WORKER_CONCURRENCY,
    /**
     * Jobs one worker process runs at once, by queue name (src/queue/queue-names.ts,
     * which a unit test keeps in step): WORKER_CONCURRENCY unless the queue has its own.
     */
    concurrency: {
      'call-scoring': env.CALL_SCORING_CONCURRENCY,
      'call-transcripts': env.WORKER_CONCURRENCY,
      'calendar-sync': env.WORKER_CONCURRENCY_CALENDAR_SYNC,
      'fleet-polling': env.WORKER_CONCURRENCY_FLEET_POLLING ?? env.WORKER_CONCURRENCY,
      notifications: env.WORKER_CONCURRENCY_NOTIFICATIONS ?? env.WORKER_CONCURRENCY,
      'phone-messages': env.WORKER_CONCURRENCY,
      automations: env.WORKER_CONCURRENCY,
      maintenance: MAINTENANCE_CONCURRENCY,
    },
    /** Jobs of one organization at once per queue and worker; undefined: per-queue default (see orgJobLimit). */
    orgJobConcurrency: env.ORG_JOB_CONCURRENCY,
    orgJobDeferMs: env.ORG_JOB_DEFER_MS,
    outboxRelayEnabled: env.OUTBOX_RELAY_ENABLED,
    outboxPollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
    outboxBatchSize: env.OUTBOX_BATCH_SIZE,
    outboxRetentionHours: env.OUTBOX_RETENTION_HOURS,
    /** Retry budgets of queued jobs (src/messaging/retry-policy.ts). */
    retries: {
      attempts: env.JOB_RETRY_ATTEMPTS,
      baseDelayMs: env.JOB_RETRY_BASE_DELAY_MS,
      attemptsByQueue: { 'call-scoring': env.CALL_SCORING_MAX_ATTEMPTS },
    },
    /** Reconcilers: how long work waits on its message before they look, and how often they re-enqueue it. */
    reconcileGraceMs: env.RECONCILE_GRACE_MS,
    reconcileMaxRequeues: env.RECONCILE_MAX_REQUEUES,
    outboxLeaseMs: env.OUTBOX_LEASE_MS,
    scheduleReassertIntervalMs: env.SCHEDULE_REASSERT_INTERVAL_MS,
  };
});

export const graphqlConfig = registerAs('graphql', () => {
  const env = environment();
  const production = env.NODE_ENV === 'production';
  return {
    introspection: env.GRAPHQL_INTROSPECTION ?? true,
    landingPage: env.GRAPHQL_LANDING_PAGE ?? (production ? 'off' : 'sandbox'),
    writeSchemaFile: env.GRAPHQL_SCHEMA_WRITE ?? env.NODE_ENV === 'development',
    maxDepth: env.GRAPHQL_MAX_DEPTH,
    maxAliases: env.GRAPHQL_MAX_ALIASES,
    maxTokens: env.GRAPHQL_MAX_TOKENS,
    maxCost: env.GRAPHQL_MAX_COST,
    maxDirectives: env.GRAPHQL_MAX_DIRECTIVES,
    wsMaxPayloadBytes: env.WS_MAX_PAYLOAD_BYTES,
    wsConnectionInitTimeoutMs: env.WS_CONNECTION_INIT_TIMEOUT_MS,
    wsMaxSubscriptionsPerSocket: env.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
    wsMaxSubscriptionsPerUser: env.WS_MAX_SUBSCRIPTIONS_PER_USER,
    wsMaxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
    /** Requests (HTTP) and operations (graphql-ws) per minute, per viewer and per anonymous client IP. */
    rateLimitUserPerMinute: env.RATE_LIMIT_USER_PER_MINUTE,
    rateLimitIpPerMinute: env.RATE_LIMIT_IP_PER_MINUTE,
  };
});

export const authConfig = registerAs('auth', () => {
  const env = environment();
  const generated =
    env.JWT_SECRET && env.ENCRYPTION_KEY ? undefined : developmentSecrets(dataDirectory(env));
  return {
    jwtSecret: env.JWT_SECRET ?? generated!.jwtSecret,
    jwtIssuer: env.JWT_ISSUER,
    jwtAudience: env.JWT_AUDIENCE,
    accessTokenTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    /** A refresh token presented again this soon after rotation is a client race, not a theft. */
    refreshReuseGraceSeconds: env.REFRESH_TOKEN_REUSE_GRACE_SECONDS,
    /** How long a live-session check answers later requests of the same session (0: never). */
    sessionCheckCacheMs: env.SESSION_CHECK_CACHE_MS,
    loginMaxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginMaxAttemptsPerIp: env.LOGIN_MAX_ATTEMPTS_PER_IP,
    loginWindowSeconds: env.LOGIN_WINDOW_MINUTES * 60,
    publicActionsMaxPerIp: env.PUBLIC_ACTIONS_MAX_PER_IP,
    /** 32-byte key for AES-256-GCM encryption of provider tokens at rest. */
    encryptionKey: Buffer.from(env.ENCRYPTION_KEY ?? generated!.encryptionKey, 'base64'),
  };
});

export const twilioConfig = registerAs('twilio', () => {
  const env = environment();
  return {
    enabled: Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN),
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    apiBaseUrl: env.TWILIO_API_BASE_URL,
    /** Conversational Intelligence: the service transcribing recordings, and its API's base URL. */
    intelligenceServiceSid: env.TWILIO_INTELLIGENCE_SERVICE_SID,
    intelligenceBaseUrl: env.TWILIO_INTELLIGENCE_BASE_URL,
    timeoutMs: env.TWILIO_TIMEOUT_MS,
  };
});

export const googleConfig = registerAs('google', () => {
  const env = environment();
  return {
    enabled: Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET),
    clientId: env.GOOGLE_CLIENT_ID,
    clientSecret: env.GOOGLE_CLIENT_SECRET,
    redirectUri: env.GOOGLE_REDIRECT_URI ?? `${publicUrl(env)}/oauth/google/callback`,
    apiBaseUrl: env.GOOGLE_API_BASE_URL,
    oauthBaseUrl: env.GOOGLE_OAUTH_BASE_URL,
    /** How often the repeatable calendar-sync job runs per connection. */
    syncIntervalMs: env.CALENDAR_SYNC_INTERVAL_MINUTES * 60_000,
    /** Every Google request (OAuth and Calendar) gives up after this. */
    timeoutMs: env.GOOGLE_TIMEOUT_MS,
  };
});

export const anthropicConfig = registerAs('anthropic', () => {
  const env = environment();
  return {
    enabled: Boolean(env.ANTHROPIC_API_KEY),
    apiKey: env.ANTHROPIC_API_KEY,
    model: env.ANTHROPIC_MODEL,
    baseUrl: env.ANTHROPIC_BASE_URL,
    timeoutMs: env.ANTHROPIC_TIMEOUT_MS,
    /** ANTHROPIC_PRICES, parsed and checked (pricing.ts). */
    prices: parsePriceOverrides(env.ANTHROPIC_PRICES),
  };
});

export const samsaraConfig = registerAs('samsara', () => {
  const env = environment();
  return {
    apiBaseUrl: env.SAMSARA_API_BASE_URL.replace(/\/$/, ''),
    pollIntervalMs: env.SAMSARA_POLL_INTERVAL_MS,
    timeoutMs: env.SAMSARA_TIMEOUT_MS,
    /** Fleet housekeeping and live updates (fleet module). */
    positionRetentionDays: env.FLEET_POSITION_RETENTION_DAYS,
    retentionIntervalMs: env.FLEET_RETENTION_INTERVAL_MS,
    staleCheckIntervalMs: env.FLEET_STALE_CHECK_INTERVAL_MS,
    liveMinIntervalMs: env.FLEET_LIVE_MIN_INTERVAL_MS,
    slackWebhookBaseUrl: env.SLACK_WEBHOOK_BASE_URL.replace(/\/$/, ''),
    geofenceLimits: {
      maxVertices: env.GEOFENCE_MAX_VERTICES,
      maxRings: env.GEOFENCE_MAX_RINGS,
      maxPerOrganization: env.GEOFENCE_MAX_PER_ORGANIZATION,
    },
  };
});

export const outboundConfig = registerAs('outbound', () => {
  const env = environment();
  return {
    /** Exempt from the outbound guard's address check (tests only; refused in production). */
    allowedHosts: parseAllowedHosts(env.OUTBOUND_ALLOWED_HOSTS),
    timeoutMs: env.OUTBOUND_TIMEOUT_MS,
    connectTimeoutMs: env.OUTBOUND_CONNECT_TIMEOUT_MS,
  };
});

export const callsConfig = registerAs('calls', () => {
  const env = environment();
  return {
    /** How long `scoreCall(wait: true)` waits for the worker before answering. */
    scoreWaitMs: env.CALL_SCORING_WAIT_MS,
    /** Attempts of a scoring job before it ends FAILED (provider 429/5xx are retried). */
    scoringMaxAttempts: env.CALL_SCORING_MAX_ATTEMPTS,
    scoringConcurrency: env.CALL_SCORING_CONCURRENCY,
    /** Twilio recordings to transcripts (TranscriptService). */
    transcriptPollMs: env.CALL_TRANSCRIPT_POLL_MS,
    transcriptTimeoutMs: env.CALL_TRANSCRIPT_TIMEOUT_MS,
    transcriptMaxAttempts: env.CALL_TRANSCRIPT_MAX_ATTEMPTS,
    /** The agent's channel of a dual-channel recording, by call direction (the customer is the other). */
    agentChannelInbound: env.CALL_RECORDING_AGENT_CHANNEL_INBOUND as 1 | 2,
    agentChannelOutbound: env.CALL_RECORDING_AGENT_CHANNEL_OUTBOUND as 1 | 2,
    deleteTwilioRecording: env.CALL_DELETE_TWILIO_RECORDING,
    /** Message Batches (BATCH campaigns, batch-scoring.service.ts). */
    batch: {
      windowMs: env.CALL_SCORING_BATCH_WINDOW_MS,
      maxSize: env.CALL_SCORING_BATCH_MAX_SIZE,
      pollMs: env.CALL_SCORING_BATCH_POLL_MS,
      pollMaxMs: Math.max(env.CALL_SCORING_BATCH_POLL_MS, env.CALL_SCORING_BATCH_POLL_MAX_MS),
      maxSubmissions: env.CALL_SCORING_BATCH_MAX_SUBMISSIONS,
      maxErrors: env.CALL_SCORING_BATCH_MAX_ERRORS,
      tickMs: env.CALL_SCORING_BATCH_TICK_MS,
    },
  };
});

export const assistantConfig = registerAs('assistant', () => {
  const env = environment();
  return {
    runRetentionDays: env.AGENT_RUN_RETENTION_DAYS,
    conversationTtlMinutes: env.ASSISTANT_CONVERSATION_TTL_MINUTES,
    turnTimeoutMs: env.ASSISTANT_TURN_TIMEOUT_MS,
    maxToolCalls: env.ASSISTANT_MAX_TOOL_CALLS,
    /** The Claude planner; its client uses anthropicConfig (key, base URL, request timeout). */
    model: env.ASSISTANT_MODEL,
    maxRoundTrips: env.ASSISTANT_MAX_ROUND_TRIPS,
    maxTokens: env.ASSISTANT_MAX_TOKENS,
  };
});

export const voiceConfig = registerAs('voice', () => {
  const env = environment();
  return {
    fillerAfterMs: env.VOICE_FILLER_AFTER_MS,
    answerWaitMs: env.VOICE_ANSWER_WAIT_MS,
    maxRedirects: env.VOICE_MAX_REDIRECTS,
    retentionDays: env.VOICE_RETENTION_DAYS,
  };
});

export const smsConfig = registerAs('sms', () => {
  const env = environment();
  return {
    unlockMinutes: env.SMS_UNLOCK_MINUTES,
    messageRetentionDays: env.SMS_MESSAGE_RETENTION_DAYS,
  };
});

export const automationWebhooksConfig = registerAs('automationWebhooks', () => {
  const env = environment();
  return {
    /** Hours a rotated-out webhook signing secret still signs, next to the new one. */
    secretOverlapHours: env.AUTOMATION_WEBHOOK_SECRET_OVERLAP_HOURS,
  };
});

export const automationRunsConfig = registerAs('automationRuns', () => {
  const env = environment();
  return {
    maxConsecutiveFailures: env.AUTOMATION_MAX_CONSECUTIVE_FAILURES,
    maxChainDepth: env.AUTOMATION_MAX_CHAIN_DEPTH,
    runsPerMinutePerAutomation: env.AUTOMATION_RUNS_PER_MINUTE_PER_AUTOMATION,
    runsPerMinutePerOrganization: env.AUTOMATION_RUNS_PER_MINUTE_PER_ORGANIZATION,
    stepMaxAttempts: env.AUTOMATION_STEP_MAX_ATTEMPTS,
    stepRetryBaseMs: env.AUTOMATION_STEP_RETRY_BASE_MS,
    scheduleIntervalMs: env.AUTOMATION_SCHEDULE_INTERVAL_MS,
    runRetentionDays: env.AUTOMATION_RUN_RETENTION_DAYS,
    runLeaseMs: env.AUTOMATION_RUN_LEASE_MS,
  };
});

export const mailConfig = registerAs('mail', () => {
  const env = environment();
  return {
    /** Null: no SMTP (embedded mode, development): mail is logged and kept in sent_mail. */
    smtpUrl: env.SMTP_URL ?? null,
    from: env.MAIL_FROM,
    maxAttempts: env.MAIL_MAX_ATTEMPTS,
    retryIntervalMs: env.MAIL_RETRY_INTERVAL_MS,
    /** Connect and greeting timeout; an idle socket gets twice this. */
    smtpTimeoutMs: env.SMTP_TIMEOUT_MS,
    publicUrl: publicUrl(env),
  };
});

export const tracingConfig = registerAs('tracing', () => {
  const env = environment();
  return {
    /**
     * Traces are on when an OTLP endpoint is set. The OpenTelemetry SDK reads
     * the OTEL_* variables itself (src/observability/tracing.ts); the rest of
     * the code asks this, e.g. whether BullMQ gets a telemetry object.
     */
    enabled: env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined,
    endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
  };
});

export const ALL_CONFIGS = [
  mailConfig,
  appConfig,
  databaseConfig,
  redisConfig,
  queueConfig,
  graphqlConfig,
  authConfig,
  twilioConfig,
  googleConfig,
  anthropicConfig,
  samsaraConfig,
  outboundConfig,
  callsConfig,
  assistantConfig,
  voiceConfig,
  smsConfig,
  automationWebhooksConfig,
  automationRunsConfig,
  tracingConfig,
];
