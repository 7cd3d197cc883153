import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { GraphQLJSON } from '@/graphql/scalars';
import { Automation } from './automation.entity';
import { AutomationsService } from './automations.service';
import { CreateAutomationInput, UpdateAutomationInput } from './dto/automation.input';
import {
  AutomationStep,
  AutomationTestResult,
  AutomationTriggerOptions,
} from './dto/automation.objects';

@Resolver(() => Automation)
export class AutomationsResolver {
  constructor(private readonly service: AutomationsService) {}

  @Query(() => [Automation], { description: 'Newest first.' })
  @RequirePermission('automations:manage')
  automations(@CurrentViewer() viewer: Viewer): Promise<Automation[]> {
    return this.service.list(viewer);
  }

  @Query(() => Automation, { nullable: true })
  @RequirePermission('automations:manage')
  automation(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Automation | null> {
    return this.service.get(viewer, id);
  }

  @Query(() => AutomationTestResult, {
    description:
      'A dry run on a sample event shaped like the trigger\'s event data (`{ task: { title: "…" } }`): the condition\'s result and every step rendered. Nothing is sent, written or recorded.',
  })
  @RequirePermission('automations:manage')
  testAutomation(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('sample', { type: () => GraphQLJSON }) sample: unknown,
  ): Promise<AutomationTestResult> {
    return this.service.test(viewer, id, sample);
  }

  @Mutation(() => Automation, {
    description:
      'Checks the condition, every template and every step before storing anything (BAD_USER_INPUT with field paths). Runs with the rights of the person who defines it: FORBIDDEN for an API key.',
  })
  @RequirePermission('automations:manage')
  createAutomation(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateAutomationInput,
  ): Promise<Automation> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => Automation, {
    description:
      'Changes the fields given and checks the whole definition again; the editor becomes the person whose rights the runs use (FORBIDDEN for an API key).',
  })
  @RequirePermission('automations:manage')
  updateAutomation(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateAutomationInput,
  ): Promise<Automation> {
    return this.service.update(viewer, id, input);
  }

  @Mutation(() => Automation, {
    description: 'Turning an automation on again clears its failure count and disabledReason.',
  })
  @RequirePermission('automations:manage')
  setAutomationEnabled(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('enabled') enabled: boolean,
  ): Promise<Automation> {
    return this.service.setEnabled(viewer, id, enabled);
  }

  @Mutation(() => Boolean, { description: 'Deletes the automation and its run history.' })
  @RequirePermission('automations:manage')
  deleteAutomation(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.service.delete(viewer, id);
  }

  @ResolveField(() => [AutomationStep], { description: 'The steps, in the order they run.' })
  actions(@Parent() automation: Automation): AutomationStep[] {
    return automation.actions.map((step) => ({ action: step.action, config: step.config }));
  }

  @ResolveField(() => AutomationTriggerOptions, { nullable: true })
  triggerOptions(@Parent() automation: Automation): AutomationTriggerOptions | null {
    const minutes = automation.triggerOptions?.minutesBefore;
    return typeof minutes === 'number' ? { minutesBefore: minutes } : null;
  }
}
