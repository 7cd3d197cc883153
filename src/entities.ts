import { AuditEntry } from '@/modules/audit/audit-entry.entity';
import { ApiKey } from '@/modules/identity/auth/api-key.entity';
import { RefreshToken, Session } from '@/modules/identity/auth/session.entity';
import { User } from '@/modules/users/user.entity';
import { EmailVerification } from '@/modules/users/email-verification.entity';
import { SentMail } from '@/modules/mail/sent-mail.entity';
import { Invitation } from '@/modules/organizations/invitation.entity';
import { Membership } from '@/modules/organizations/membership.entity';
import { Organization } from '@/modules/organizations/organization.entity';
import { Team, TeamMember } from '@/modules/organizations/team.entity';
import { TaskComment } from '@/modules/tasks/task-comment.entity';
import { Task } from '@/modules/tasks/task.entity';
import { OutboxEvent } from '@/messaging/outbox/outbox-event.entity';
import { Driver } from '@/modules/fleet/driver.entity';
import { FleetAlert } from '@/modules/fleet/fleet-alert.entity';
import { FleetIntegration } from '@/modules/fleet/fleet-integration.entity';
import { FleetSettings } from '@/modules/fleet/fleet-settings.entity';
import { Geofence } from '@/modules/fleet/geofence.entity';
import { VehiclePosition } from '@/modules/fleet/vehicle-position.entity';
import { Vehicle } from '@/modules/fleet/vehicle.entity';
import { CALL_ENTITIES } from '@/modules/calls/calls.entities';
import { CalendarConnection } from '@/modules/calendar/calendar-connection.entity';
import { CalendarEvent } from '@/modules/calendar/calendar-event.entity';
import { ASSISTANT_ENTITIES } from '@/modules/assistant/assistant.entities';
import { VOICE_ENTITIES } from '@/modules/phone/voice/voice.entities';
import { PHONE_ENTITIES } from '@/modules/phone/phone.entities';
import { AUTOMATION_ENTITIES } from '@/modules/automations/automation.entities';

/**
 * Every TypeORM entity, listed rather than globbed: the classes TypeORM maps
 * must be the very classes the code imports (a glob can load a second copy,
 * e.g. under jest), and a forgotten entity fails the entities spec.
 */
export const ENTITIES = [
  OutboxEvent,
  Organization,
  Membership,
  Team,
  TeamMember,
  Invitation,
  User,
  EmailVerification,
  SentMail,
  Session,
  RefreshToken,
  ApiKey,
  AuditEntry,
  Task,
  TaskComment,
  // fleet
  Vehicle,
  Driver,
  VehiclePosition,
  Geofence,
  FleetAlert,
  FleetSettings,
  FleetIntegration,
  ...CALL_ENTITIES,
  CalendarEvent,
  CalendarConnection,
  ...ASSISTANT_ENTITIES,
  ...VOICE_ENTITIES,
  ...PHONE_ENTITIES,
  ...AUTOMATION_ENTITIES,
];
