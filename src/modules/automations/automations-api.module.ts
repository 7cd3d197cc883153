import { Module } from '@nestjs/common';
import { AutomationsModule } from './automations.module';
import { AutomationsResolver } from './automations.resolver';

/** Automation definitions over GraphQL (api side). */
@Module({
  imports: [AutomationsModule],
  providers: [AutomationsResolver],
})
export class AutomationsApiModule {}
