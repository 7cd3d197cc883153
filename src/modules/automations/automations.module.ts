import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { AutomationActionsModule } from './automation-actions.module';
import { AutomationRepository } from './automation.repository';
import { AutomationsService } from './automations.service';

/**
 * The automations core: definitions (AutomationsService), their SQL
 * (AutomationRepository) and the action executors (AutomationActionsModule,
 * re-exported). AutomationsApiModule (resolvers) and the jobs module
 * (processors) import it, so `npm start` (api and worker in one process)
 * shares one instance of each.
 */
@Module({
  imports: [AuditModule, AutomationActionsModule],
  providers: [AutomationRepository, AutomationsService],
  exports: [AutomationRepository, AutomationsService, AutomationActionsModule],
})
export class AutomationsModule {}
