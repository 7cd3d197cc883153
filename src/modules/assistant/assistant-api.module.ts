import { Module } from '@nestjs/common';
import { AssistantModule } from './assistant.module';
import { AssistantResolver } from './assistant.resolver';

/** The assistant over GraphQL: askAssistant, agentRuns, agentRun. */
@Module({
  imports: [AssistantModule],
  providers: [AssistantResolver],
})
export class AssistantApiModule {}
