import { Module } from '@nestjs/common';
import { AssistantModule } from './assistant.module';
import { AssistantPruneProcessor } from './assistant-prune.processor';

/** The assistant's worker side: pruning its records on the `maintenance` queue. */
@Module({
  imports: [AssistantModule],
  providers: [AssistantPruneProcessor],
})
export class AssistantJobsModule {}
