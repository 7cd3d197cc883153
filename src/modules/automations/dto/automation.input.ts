import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { GraphQLJSON } from '@/graphql/scalars';
import { AutomationAction, AutomationTrigger } from '../automation.enums';

/** Steps in one automation. */
export const MAX_AUTOMATION_STEPS = 10;
/** CALENDAR_EVENT_STARTING's lead time bounds, in minutes. */
export const MIN_MINUTES_BEFORE = 1;
export const MAX_MINUTES_BEFORE = 1440;

@InputType('AutomationStepInput')
export class AutomationStepInput {
  @Field(() => AutomationAction)
  @IsEnum(AutomationAction)
  action: AutomationAction;

  /** Checked by the action's executor (paths `input.actions.<i>.config.<field>`). */
  @Field(() => GraphQLJSON, {
    description:
      "The action's settings (see README, Automations). String settings may hold {{field}} templates.",
  })
  config: unknown;
}

@InputType('AutomationTriggerOptionsInput')
export class AutomationTriggerOptionsInput {
  @Field(() => Int, {
    nullable: true,
    description: `CALENDAR_EVENT_STARTING only (required there): minutes before each occurrence, ${MIN_MINUTES_BEFORE} to ${MAX_MINUTES_BEFORE}.`,
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_MINUTES_BEFORE)
  @Max(MAX_MINUTES_BEFORE)
  minutesBefore?: number | null;
}

@InputType('CreateAutomationInput')
export class CreateAutomationInput {
  @Field({ description: '1 to 200 characters.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field(() => AutomationTrigger)
  @IsEnum(AutomationTrigger)
  trigger: AutomationTrigger;

  /** Checked by conditions.ts against the trigger's fields. */
  @Field(() => GraphQLJSON, {
    nullable: true,
    description:
      '`{ "all" | "any": [rules or groups] }`, rules `{ "field", "op", "value" }` over the trigger\'s fields; null: always.',
  })
  condition?: unknown;

  @Field(() => [AutomationStepInput], {
    description: `1 to ${MAX_AUTOMATION_STEPS} steps, run in order.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_AUTOMATION_STEPS)
  @ValidateNested({ each: true })
  @Type(() => AutomationStepInput)
  actions: AutomationStepInput[];

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean | null;

  @Field(() => AutomationTriggerOptionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AutomationTriggerOptionsInput)
  triggerOptions?: AutomationTriggerOptionsInput | null;
}

/** Only the fields given change; the whole definition is checked again. */
@InputType('UpdateAutomationInput')
export class UpdateAutomationInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @Field(() => AutomationTrigger, {
    nullable: true,
    description: 'Changing it checks the condition and templates against the new fields.',
  })
  @IsOptional()
  @IsEnum(AutomationTrigger)
  trigger?: AutomationTrigger;

  @Field(() => GraphQLJSON, { nullable: true, description: 'null removes the condition.' })
  condition?: unknown;

  @Field(() => [AutomationStepInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_AUTOMATION_STEPS)
  @ValidateNested({ each: true })
  @Type(() => AutomationStepInput)
  actions?: AutomationStepInput[];

  @Field(() => AutomationTriggerOptionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AutomationTriggerOptionsInput)
  triggerOptions?: AutomationTriggerOptionsInput | null;
}
