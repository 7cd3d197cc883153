import { Module } from '@nestjs/common';
import { TeamRelationSource } from './organizations.loader';
import { AuditModule } from '@/modules/audit/audit.module';
import { UsersModule } from '@/modules/users/users.module';
import { MailModule } from '@/modules/mail/mail.module';
import { InvitationsResolver } from './invitations.resolver';
import { InvitationsService } from './invitations.service';
import { MembersResolver } from './members.resolver';
import { MembersService } from './members.service';
import { OrganizationsService } from './organizations.service';
import { OrganizationSettingsResolver } from './organization-settings.resolver';
import { OrganizationSettingsService } from './organization-settings.service';
import { TeamMembersResolver, TeamsResolver } from './teams.resolver';
import { TeamsService } from './teams.service';

/** Organizations, their members and roles, and teams. */
@Module({
  imports: [UsersModule, AuditModule, MailModule],
  providers: [
    OrganizationsService,
    OrganizationSettingsService,
    OrganizationSettingsResolver,
    MembersService,
    InvitationsService,
    TeamsService,
    MembersResolver,
    InvitationsResolver,
    TeamsResolver,
    TeamMembersResolver,
    TeamRelationSource,
  ],
  exports: [
    OrganizationsService,
    OrganizationSettingsService,
    MembersService,
    TeamsService,
    InvitationsService,
  ],
})
export class OrganizationsModule {}
