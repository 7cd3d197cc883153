import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '@/graphql/scalars';
import { AutomationAction } from '../automation.enums';

@ObjectType('AutomationStep')
export class AutomationStep {
  @Field(() => AutomationAction)
  action: AutomationAction;

  @Field(() => GraphQLJSON)
  config: Record<string, unknown>;
}

@ObjectType('AutomationTriggerOptions')
export class AutomationTriggerOptions {
  @Field(() => Int, { nullable: true, description: 'CALENDAR_EVENT_STARTING: the lead time.' })
  minutesBefore: number | null;
}

@ObjectType('AutomationTestStep', {
  description: 'One step as a run would perform it; nothing was sent.',
})
export class AutomationTestStep {
  @Field(() => Int)
  index: number;

  @Field(() => AutomationAction)
  action: AutomationAction;

  @Field({ description: 'A readable one-line description.' })
  summary: string;

  @Field(() => GraphQLJSON, { description: 'The rendered request, secrets left out.' })
  preview: Record<string, unknown>;
}

@ObjectType('AutomationTestResult', {
  description: 'A dry run of an automation on a sample event: nothing is performed or recorded.',
})
export class AutomationTestResult {
  @Field({ description: 'Whether the condition holds for the sample (true without a condition).' })
  conditionMatched: boolean;

  @Field(() => GraphQLJSON, { description: 'The event data the steps were rendered with.' })
  event: Record<string, unknown>;

  @Field(() => [AutomationTestStep], {
    description: 'Every step rendered, also when the condition does not hold.',
  })
  steps: AutomationTestStep[];
}
