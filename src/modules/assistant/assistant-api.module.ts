import { Module } from '@nestjs/common';
import { UsersModule } from '@/modules/users/users.module';
import { AssistantModule } from './assistant.module';
import { AssistantResolver } from './assistant.resolver';

/** The assistant over GraphQL: askAssistant, agentRuns, agentRun. */
@Module({
  imports: [AssistantModule, UsersModule],
  providers: [AssistantResolver],
})
export class AssistantApiModule {}
