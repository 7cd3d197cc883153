import { Module } from '@nestjs/common';
import { TeamRelationSource } from './organizations.loader';
import { AuditModule } from '../identity/audit/audit.module';
import { UsersModule } from '../identity/users/users.module';
import { MembersResolver } from './members.resolver';
import { MembersService } from './members.service';
import { OrganizationsService } from './organizations.service';
import { TeamMembersResolver, TeamsResolver } from './teams.resolver';
import { TeamsService } from './teams.service';

/** Organizations, their members and roles, and teams. */
@Module({
  imports: [UsersModule, AuditModule],
  providers: [
    OrganizationsService,
    MembersService,
    TeamsService,
    MembersResolver,
    TeamsResolver,
    TeamMembersResolver,
    TeamRelationSource,
  ],
  exports: [OrganizationsService, MembersService, TeamsService],
})
export class OrganizationsModule {}
