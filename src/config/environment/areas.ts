import { getMetadataStorage } from 'class-validator';
import { AppVariables } from './app';
import { AssistantVariables } from './assistant';
import { AuthVariables } from './auth';
import { CallVariables } from './calls';
import { DatabaseVariables } from './database';
import { FleetVariables } from './fleet';
import { GraphqlVariables } from './graphql';
import { LimitVariables } from './limits';
import { MailVariables } from './mail';
import { ProviderVariables } from './providers';
import { QueueVariables } from './redis-queue';
import { RetryVariables } from './retries';
import { VoiceVariables } from './voice';
import { SmsVariables } from './sms';
import { AutomationWebhookVariables } from './automation-webhooks';
import { AutomationRunVariables } from './automation-runs';
import { TracingVariables } from './tracing';

/**
 * Every environment variable Switchboard reads, with its rules, one class per
 * area, in the order problems are reported. A variable is a property with
 * class-validator rules; the list of names is read from those rules, and
 * `.env.example` documents the same list (`environment.spec.ts` keeps the two
 * in step).
 */
export const ENVIRONMENT_AREAS = [
  AppVariables,
  DatabaseVariables,
  QueueVariables,
  RetryVariables,
  GraphqlVariables,
  LimitVariables,
  AuthVariables,
  ProviderVariables,
  FleetVariables,
  CallVariables,
  AssistantVariables,
  VoiceVariables,
  SmsVariables,
  AutomationWebhookVariables,
  AutomationRunVariables,
  MailVariables,
  TracingVariables,
] as const;

export type EnvironmentArea = (typeof ENVIRONMENT_AREAS)[number];

type Intersection<U> = (U extends unknown ? (value: U) => void : never) extends (
  value: infer I,
) => void
  ? I
  : never;

/** All variables of all areas, validated and with defaults applied. */
export type EnvironmentVariables = Intersection<InstanceType<EnvironmentArea>>;

/** The variables of one area: the properties that carry validation rules, in declaration order. */
export function variableNames(area: EnvironmentArea): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(area, '', true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))];
}
