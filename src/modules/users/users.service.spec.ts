import type { DataSource, EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '@/common/errors/domain-errors';
import { verifySecret } from './password';
import type { User } from './user.entity';
import { normaliseEmail, UsersService } from './users.service';

/* UsersService over a fake EntityManager; passwords are real argon2. */

function setup(existing: Partial<User>[] = []) {
  const users = existing.map((user) => ({ ...user }) as User);
  const manager = {
    existsBy: jest.fn(async (_entity: unknown, where: { email: string }) =>
      users.some((user) => user.email === where.email),
    ),
    create: (_entity: unknown, data: Partial<User>) => ({ ...data }) as User,
    save: jest.fn(async (user: User) => {
      users.push(user);
      return { ...user, id: 'new-user' };
    }),
    findOneBy: jest.fn(
      async (_entity: unknown, where: { id?: string; email?: string }) =>
        users.find((user) =>
          where.id !== undefined ? user.id === where.id : user.email === where.email,
        ) ?? null,
    ),
    update: jest.fn(async (_entity: unknown, where: { id: string }, values: Partial<User>) => {
      Object.assign(
        users.find((user) => user.id === where.id)!,
        values,
      );
    }),
  };
  const repository = { findBy: jest.fn(async () => users) };
  const dataSource = { manager, getRepository: () => repository };
  const service = new UsersService(dataSource as unknown as DataSource);
  return {
    service,
    users,
    repository,
    manager: manager as unknown as EntityManager,
    fake: manager,
  };
}

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });
});

describe('UsersService', () => {
  it('creates a user with a normalised email, a trimmed name, UTC by default and an argon2 hash', async () => {
    const { service, manager, fake } = setup();
    const user = await service.create(manager, {
      email: ' Ada@Example.com ',
      name: '  Ada  ',
      password: 'a long passphrase',
    });
    expect(user).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada',
      timezone: 'UTC',
      phone: null,
    });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifySecret(user.passwordHash!, 'a long passphrase')).toBe(true);
    expect(fake.existsBy).toHaveBeenCalledWith(expect.anything(), { email: 'ada@example.com' });
  });

  it('creates an invited user without a password', async () => {
    const { service, manager } = setup();
    const user = await service.create(manager, {
      email: 'bob@example.com',
      name: 'Bob',
      timezone: 'Europe/Paris',
      phone: '+33100000000',
    });
    expect(user).toMatchObject({
      passwordHash: null,
      timezone: 'Europe/Paris',
      phone: '+33100000000',
    });
  });

  it('refuses an email already taken, whatever its case', async () => {
    const { service, manager, fake } = setup([{ id: 'u1', email: 'ada@example.com' }]);
    await expect(
      service.create(manager, {
        email: 'ADA@example.com',
        name: 'Ada',
        password: 'another passphrase',
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(fake.save).not.toHaveBeenCalled();
  });

  it('checks the password policy before anything else, under input.password', async () => {
    const { service, manager, fake } = setup();
    const error = await service
      .create(manager, { email: 'ada@example.com', name: 'Ada', password: 'short' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).details).toEqual({
      fields: [{ path: 'input.password', message: 'must be at least 10 characters' }],
    });
    expect(fake.existsBy).not.toHaveBeenCalled();
  });

  it('sets a password under the policy of the user’s own email', async () => {
    const { service, manager, users } = setup([{ id: 'u1', email: 'margaret@example.com' }]);
    await expect(service.setPassword(manager, 'u1', 'Margaret-1234567')).rejects.toThrow(
      'must not contain your email address',
    );
    expect(users[0].passwordHash).toBeUndefined();
    await service.setPassword(manager, 'u1', 'completely different');
    expect(await verifySecret(users[0].passwordHash!, 'completely different')).toBe(true);
    await expect(service.setPassword(manager, 'u2', 'completely different')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('answers NOT_FOUND for an unknown id and looks emails up normalised', async () => {
    const { service } = setup([{ id: 'u1', email: 'ada@example.com' }]);
    await expect(service.findById('nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { entity: 'User', id: 'nope' },
    });
    expect((await service.findByEmail(' ADA@example.com'))?.id).toBe('u1');
  });

  it('answers no users for no ids without a query', async () => {
    const { service, repository } = setup();
    expect(await service.findByIds([])).toEqual([]);
    expect(repository.findBy).not.toHaveBeenCalled();
  });
});
