import { Module, Provider } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { anthropicConfig } from '@/config/configuration';
import { UsersModule } from '@/modules/users/users.module';
import { AgentRunRepository } from './agent-run.repository';
import { AgentRunsService } from './agent-runs.service';
import { AssistantEngine } from './assistant-engine.service';
import { PLANNER, Planner } from './assistant-types';
import { AnthropicAssistantClient } from './clients/anthropic-assistant.client';
import { ConfirmationRepository } from './confirmation.repository';
import { ConfirmationService } from './confirmation.service';
import { ConversationRepository } from './conversation.repository';
import { BuiltinPlanner } from './planners/builtin/builtin.planner';
import { BuiltinPlannerModule } from './planners/builtin/builtin-planner.module';
import { ClaudePlanner } from './planners/claude/claude.planner';
import { ToolGate } from './tool-gate.service';
import { AssistantToolsModule } from './tools/assistant-tools.module';

/** With ANTHROPIC_API_KEY the Claude tool-use loop plans; without it, the built-in parser. */
const plannerProvider: Provider = {
  provide: PLANNER,
  inject: [anthropicConfig.KEY, BuiltinPlanner, ClaudePlanner],
  useFactory: (
    anthropic: ConfigType<typeof anthropicConfig>,
    builtin: BuiltinPlanner,
    claude: ClaudePlanner,
  ): Planner => (anthropic.enabled ? claude : builtin),
};

const EXPORTED = [ToolGate, AssistantEngine, AgentRunsService, ConfirmationService];

/**
 * The assistant's core: the tool gate, confirmations, conversations, the
 * two planners and the engine, and the AgentRun record. Its doors
 * (askAssistant, MCP; voice and SMS later) import it.
 */
@Module({
  imports: [AssistantToolsModule, BuiltinPlannerModule, UsersModule],
  providers: [
    ...EXPORTED,
    ConfirmationRepository,
    ConversationRepository,
    AgentRunRepository,
    AnthropicAssistantClient,
    ClaudePlanner,
    plannerProvider,
  ],
  exports: [...EXPORTED, AssistantToolsModule],
})
export class AssistantModule {}
