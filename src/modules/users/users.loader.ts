import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { RelationSources } from '@/graphql/dataloader/relation-sources';
import { DataLoaderRegistry, loadByIds } from '@/graphql/dataloader/dataloader-registry';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Users by id, in the order asked, null for an unknown id (people are not per organization). */
const usersById =
  (users: UsersService) =>
  async (ids: readonly string[]): Promise<(User | null)[]> =>
    loadByIds(await users.findByIds(ids), ids);

/**
 * The request's users-by-id loader. Every resolver that shows a User (members,
 * team members, audit actors, task assignees…) goes through this one key, so
 * a page that mentions the same people in several places loads them once.
 */
export function userLoader(
  loaders: DataLoaderRegistry,
  users: UsersService,
): DataLoader<string, User | null> {
  return loaders.get('user.byId', () => new DataLoader<string, User | null>(usersById(users)));
}

/** Defines the `user.byId` relation source (fields declared with `@Relation`). */
@Injectable()
export class UserRelationSource implements OnModuleInit {
  constructor(
    private readonly sources: RelationSources,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    const load = usersById(this.users);
    this.sources.define<User>('user.byId', (_organizationId, ids) => load(ids));
  }
}
