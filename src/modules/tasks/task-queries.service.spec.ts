import type { Viewer } from '@/access/viewer';
import type { TenantScope } from '@/database/tenant-scope';
import { filterKey } from '@/graphql/pagination';
import { Role } from '@/access/role';
import { TaskComment } from './task-comment.entity';
import { TaskQueriesService } from './task-queries.service';
import { Task } from './task.entity';
import type { TaskCounts, TaskRepository } from './task.repository';
import type { TaskDescendant, TaskTreeRepository } from './task-tree.repository';
import { OrderDirection, TaskOrderField, TaskStatus } from './task.enums';

/*
 * TaskQueriesService's SQL lives in TaskRepository and TaskTreeRepository
 * (faked here; task.repository.spec.ts and the e2e specs cover them); these
 * specs cover the logic around it: ids checked before they reach the
 * database, how counts become stats, how descendants become trees, comment
 * groups, and what a page hands to TaskRepository.
 */

const ORG = '00000000-0000-4000-8000-0000000000aa';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const viewer: Viewer = {
  kind: 'user',
  organizationId: ORG,
  role: Role.VIEWER,
  userId: id(99),
  sessionId: null,
  apiKeyId: null,
  expiresAt: null,
};

function setup() {
  const repositories = {
    task: {
      findOneBy: jest.fn(async ({ id }: { id: string }) => ({ id }) as Task),
      findByIds: jest.fn(async () => []),
    },
    comment: { find: jest.fn(async (): Promise<TaskComment[]> => []) },
  };
  const tenants = {
    for: jest.fn((tenant: { organizationId: string }) => ({
      organizationId: tenant.organizationId,
      repository: (entity: unknown) => (entity === Task ? repositories.task : repositories.comment),
    })),
  };
  const taskRepository = {
    page: jest.fn(async (..._args: unknown[]) => ({ nodes: [] })),
    counts: jest.fn(async (_org: string, _teamId: string | null): Promise<TaskCounts> => ({
      byStatus: {},
    })),
  };
  const treeRepository = {
    descendants: jest.fn(
      async (_org: string, _roots: readonly string[]): Promise<TaskDescendant[]> => [],
    ),
  };
  const service = new TaskQueriesService(
    tenants as unknown as TenantScope,
    taskRepository as unknown as TaskRepository,
    treeRepository as unknown as TaskTreeRepository,
  );
  return { service, repositories, tenants, taskRepository, treeRepository };
}

describe('TaskQueriesService.get', () => {
  it('answers null for a malformed id without a query, and looks a valid one up in the tenant', async () => {
    const { service, repositories, tenants } = setup();
    expect(await service.get(viewer, 'not-a-uuid')).toBeNull();
    expect(repositories.task.findOneBy).not.toHaveBeenCalled();
    expect(await service.get(viewer, id(1))).toEqual({ id: id(1) });
    expect(tenants.for).toHaveBeenCalledWith(viewer);
  });
});

describe('TaskQueriesService.stats', () => {
  it('counts nothing for a malformed team id, without a query', async () => {
    const { service, taskRepository } = setup();
    expect(await service.stats(viewer, 'team?')).toEqual({
      total: 0,
      overdue: 0,
      byStatus: { TODO: 0, IN_PROGRESS: 0, BLOCKED: 0, DONE: 0, CANCELLED: 0 },
    });
    expect(taskRepository.counts).not.toHaveBeenCalled();
  });

  it('maps the counts onto every status, missing ones as 0', async () => {
    const { service, taskRepository } = setup();
    taskRepository.counts.mockResolvedValue({
      total: 7,
      overdue: 2,
      byStatus: { TODO: 4, DONE: 3 },
    });
    expect(await service.stats(viewer, id(5))).toEqual({
      total: 7,
      overdue: 2,
      byStatus: { TODO: 4, IN_PROGRESS: 0, BLOCKED: 0, DONE: 3, CANCELLED: 0 },
    });
    expect(taskRepository.counts).toHaveBeenCalledWith(ORG, id(5));
  });

  it('counts the whole organization without a team, and survives an empty answer', async () => {
    const { service, taskRepository } = setup();
    expect((await service.stats(viewer)).total).toBe(0);
    expect(taskRepository.counts).toHaveBeenCalledWith(ORG, null);
  });
});

describe('TaskQueriesService.trees', () => {
  it('answers empty trees for malformed ids without a query', async () => {
    const { service, treeRepository } = setup();
    expect(await service.trees(ORG, ['x', 'y'])).toEqual([
      { children: [], descendants: 0, done: 0 },
      { children: [], descendants: 0, done: 0 },
    ]);
    expect(treeRepository.descendants).not.toHaveBeenCalled();
  });

  it('groups descendants per root: direct children by depth 1, DONE counted, in ids order', async () => {
    const task = (n: number, status = TaskStatus.TODO) => ({ id: id(n), status }) as Task;
    // Root 1 has children 2 and 3, and 4 under 2; root 2 (also in the batch) has 4.
    const entities = [task(2, TaskStatus.DONE), task(3), task(4, TaskStatus.DONE)];
    const [two, three, four] = entities;
    const { service, treeRepository } = setup();
    treeRepository.descendants.mockResolvedValue([
      { rootId: id(1), task: two, depth: 1 },
      { rootId: id(1), task: three, depth: 1 },
      { rootId: id(2), task: four, depth: 1 },
      { rootId: id(1), task: four, depth: 2 },
      { rootId: id(77), task: four, depth: 1 },
    ]);
    const [empty, treeOfTwo, one] = await service.trees(ORG, [id(9), id(2), id(1), 'junk']);
    expect(empty).toEqual({ children: [], descendants: 0, done: 0 });
    expect(treeOfTwo).toEqual({ children: [four], descendants: 1, done: 1 });
    expect(one.children.map((child) => child.id)).toEqual([id(2), id(3)]);
    expect(one).toMatchObject({ descendants: 3, done: 2 });
    // Only valid ids reach the query.
    expect(treeRepository.descendants).toHaveBeenCalledWith(ORG, [id(9), id(2), id(1)]);
  });
});

describe('TaskQueriesService.commentsOf', () => {
  it('groups comments in the order of the ids asked for, and skips the query for malformed ids', async () => {
    const { service, repositories } = setup();
    expect(await service.commentsOf(ORG, ['bad'])).toEqual([[]]);
    expect(repositories.comment.find).not.toHaveBeenCalled();
    const comment = (n: number, taskId: string) => ({ id: id(n), taskId }) as TaskComment;
    repositories.comment.find.mockResolvedValue([
      comment(1, id(2)),
      comment(2, id(1)),
      comment(3, id(2)),
    ]);
    const groups = await service.commentsOf(ORG, [id(1), 'bad', id(2), id(3)]);
    expect(groups.map((group) => group.map((c) => c.id))).toEqual([
      [id(2)],
      [],
      [id(1), id(3)],
      [],
    ]);
  });
});

describe('TaskQueriesService.list', () => {
  it('hands the page to TaskRepository with position ascending by default and a per-filter key', async () => {
    const { service, taskRepository } = setup();
    const filter = { status: [TaskStatus.TODO], search: 'boiler' };
    await service.list(viewer, { filter, first: 10 });
    expect(taskRepository.page).toHaveBeenCalledWith(
      viewer,
      filter,
      { field: TaskOrderField.POSITION, direction: OrderDirection.ASC },
      { filter, first: 10 },
      undefined,
      `tasks:${filterKey(filter)}`,
    );
    const orderBy = { field: TaskOrderField.DUE_AT, direction: OrderDirection.DESC };
    await service.list(viewer, { orderBy });
    expect(taskRepository.page.mock.calls[1][1]).toEqual({});
    expect(taskRepository.page.mock.calls[1][2]).toEqual(orderBy);
    expect(taskRepository.page.mock.calls[1][5]).toBe(`tasks:${filterKey(undefined)}`);
  });
});
