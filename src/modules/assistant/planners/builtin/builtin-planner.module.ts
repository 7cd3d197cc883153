import { Module } from '@nestjs/common';
import { BuiltinDirectoryRepository } from './builtin-directory.repository';
import { BuiltinDirectoryService } from './builtin-directory.service';
import { BuiltinPlanner } from './builtin.planner';

/** The built-in planner and the directory it resolves names against; AssistantModule picks the planner. */
@Module({
  providers: [BuiltinDirectoryRepository, BuiltinDirectoryService, BuiltinPlanner],
  exports: [BuiltinPlanner],
})
export class BuiltinPlannerModule {}
