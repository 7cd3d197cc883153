import { Module } from '@nestjs/common';
import { AutomationRunsModule } from './automation-runs.module';
import { AutomationRunsResolver } from './automation-runs.resolver';

/** The run history's GraphQL operations (api processes; registered in src/app.module.ts). */
@Module({
  imports: [AutomationRunsModule],
  providers: [AutomationRunsResolver],
})
export class AutomationRunsApiModule {}
