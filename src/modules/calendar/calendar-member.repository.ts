import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * What the calendar reads about people: members' time zones and which
 * emails belong to members. Every lookup but the viewer's own zone is
 * restricted to one organization's memberships.
 */
@Injectable()
export class CalendarMemberRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Time zones of those of `userIds` who are members of the organization. */
  timezones(
    organizationId: string,
    userIds: string[],
  ): Promise<Array<{ id: string; timezone: string }>> {
    return this.dataSource.query(
      `SELECT u.id, u.timezone FROM app_user u
         JOIN membership m ON m.user_id = u.id AND m.organization_id = $1
        WHERE u.id = ANY($2::uuid[])`,
      [organizationId, userIds],
    );
  }

  /** The viewer's own time zone (their id comes from their credentials). */
  async timezoneOf(manager: EntityManager, userId: string): Promise<string | null> {
    const rows: Array<{ timezone: string }> = await manager.query(
      'SELECT timezone FROM app_user WHERE id = $1',
      [userId],
    );
    return rows[0]?.timezone ?? null;
  }

  /** Member user ids of an organization by (lower-case) email. */
  async idsByEmail(
    manager: EntityManager,
    organizationId: string,
    emails: string[],
  ): Promise<Map<string, string>> {
    if (emails.length === 0) return new Map();
    const rows: Array<{ id: string; email: string }> = await manager.query(
      `SELECT u.id, u.email FROM app_user u
       JOIN membership m ON m.user_id = u.id AND m.organization_id = $1
      WHERE u.email = ANY($2::text[])`,
      [organizationId, emails],
    );
    return new Map(rows.map((row) => [row.email, row.id]));
  }

  async isMember(organizationId: string, userId: string): Promise<boolean> {
    const member: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM membership WHERE organization_id = $1 AND user_id = $2',
      [organizationId, userId],
    );
    return member.length > 0;
  }
}
