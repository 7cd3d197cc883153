import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ConflictError, NotFoundError } from '@/common/errors/domain-errors';
import { Role } from '@/access/role';
import { User } from './user.entity';
import { assertPasswordPolicy, hashSecret } from './password';

/** A member of an organization as a phone caller sees them. */
export interface PhoneMember {
  userId: string;
  name: string;
  role: Role;
  hasVoicePin: boolean;
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Users as other modules see them. Credentials stay inside the identity module. */
@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(User).findBy({ id: In([...ids]) });
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<User> {
    const user = await manager.findOneBy(User, { id });
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  /** A person's IANA time zone (their profile's); UTC for no person (an API key). */
  async timeZoneOf(userId: string | null): Promise<string> {
    return (await this.profileOf(userId)).timeZone;
  }

  /**
   * A person's name and IANA time zone (UTC when unset), read as two columns
   * (no entity); no name and UTC for no person (an API key). NOT_FOUND for an
   * unknown id, like `findById`.
   */
  async profileOf(userId: string | null): Promise<{ name: string | null; timeZone: string }> {
    if (!userId) return { name: null, timeZone: 'UTC' };
    const [row] = await this.dataSource.query<Array<{ name: string; timezone: string | null }>>(
      'SELECT name, timezone FROM app_user WHERE id = $1',
      [userId],
    );
    if (!row) throw new NotFoundError('User', userId);
    return { name: row.name, timeZone: row.timezone || 'UTC' };
  }

  /**
   * The organization's members whose profile phone is `e164` (a caller ID or
   * a number keyed in by the caller): none, one, or several sharing a phone.
   */
  async membersWithPhone(organizationId: string, e164: string): Promise<PhoneMember[]> {
    const rows = await this.dataSource.query<
      Array<{ id: string; name: string; role: Role; voice_pin_set: boolean }>
    >(
      `SELECT u.id, u.name, m.role, u.voice_pin_set
         FROM app_user u JOIN membership m ON m.user_id = u.id
        WHERE m.organization_id = $1 AND u.phone = $2
        ORDER BY u.name, u.id`,
      [organizationId, e164],
    );
    return rows.map((row) => ({
      userId: row.id,
      name: row.name,
      role: row.role,
      hasVoicePin: row.voice_pin_set,
    }));
  }

  /** Changes a person's own name, phone or time zone (only the fields given). */
  async updateProfile(
    userId: string,
    changes: { name?: string | null; phone?: string | null; timezone?: string | null },
  ): Promise<User> {
    const patch: Partial<Pick<User, 'name' | 'phone' | 'timezone'>> = {};
    if (changes.name) patch.name = changes.name.trim();
    if (changes.phone !== undefined) patch.phone = changes.phone;
    if (changes.timezone) patch.timezone = changes.timezone;
    if (Object.keys(patch).length > 0) {
      await this.dataSource.getRepository(User).update({ id: userId }, patch);
    }
    return this.findById(userId);
  }

  findByEmail(
    email: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<User | null> {
    return manager.findOneBy(User, { email: normaliseEmail(email) });
  }

  /** The user with their password hash, for login. */
  findWithPassword(email: string): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: normaliseEmail(email) })
      .getOne();
  }

  async create(
    manager: EntityManager,
    input: {
      email: string;
      name: string;
      password?: string;
      timezone?: string;
      phone?: string | null;
    },
  ): Promise<User> {
    const email = normaliseEmail(input.email);
    if (input.password !== undefined) assertPasswordPolicy(input.password, email, 'input.password');
    if (await manager.existsBy(User, { email })) {
      throw new ConflictError('An account with this email already exists');
    }
    const user = manager.create(User, {
      email,
      name: input.name.trim(),
      timezone: input.timezone ?? 'UTC',
      phone: input.phone ?? null,
      passwordHash: input.password === undefined ? null : await hashSecret(input.password),
    });
    return manager.save(user);
  }

  async setPassword(manager: EntityManager, userId: string, password: string): Promise<void> {
    const user = await this.findById(userId, manager);
    assertPasswordPolicy(password, user.email);
    await manager.update(User, { id: userId }, { passwordHash: await hashSecret(password) });
  }
}
