import type { DataSource } from 'typeorm';
import { NamedStatements } from '@/database/named-statement';
import type { TenantScope } from '@/database/tenant-scope';
import { Task } from './task.entity';
import { TaskStatus } from './task.enums';
import { TaskRepository } from './task.repository';
import { TaskTreeRepository } from './task-tree.repository';

/*
 * What TaskRepository.counts and TaskTreeRepository.descendants ask their
 * query builder and how they read its answer (the SQL itself runs in the
 * e2e specs).
 */

const ORG = '00000000-0000-4000-8000-0000000000aa';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A query builder that records what it is asked and answers what it is told. */
function queryBuilder(answer: { raw?: unknown; entities?: Task[]; rawRows?: unknown[] } = {}) {
  const calls: Array<[string, ...unknown[]]> = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return qb;
    };
  const qb: Record<string, unknown> = {
    andWhere: record('andWhere'),
    select: record('select'),
    addSelect: record('addSelect'),
    setParameter: record('setParameter'),
    setParameters: record('setParameters'),
    addCommonTableExpression: record('addCommonTableExpression'),
    innerJoin: record('innerJoin'),
    orderBy: record('orderBy'),
    addOrderBy: record('addOrderBy'),
    getRawOne: jest.fn(async () => answer.raw),
    getRawAndEntities: jest.fn(async () => ({
      entities: answer.entities ?? [],
      raw: answer.rawRows ?? [],
    })),
  };
  const wheres = () => calls.filter(([name]) => name === 'andWhere').map(([, ...args]) => args);
  return { qb, calls, wheres };
}

function setup(qb: Record<string, unknown>) {
  const createQueryBuilder = jest.fn(() => qb);
  const tenants = {
    for: jest.fn((tenant: { organizationId: string }) => {
      expect(tenant.organizationId).toBe(ORG);
      return {
        organizationId: tenant.organizationId,
        repository: (entity: unknown) => {
          expect(entity).toBe(Task);
          return { createQueryBuilder };
        },
      };
    }),
  };
  const dataSource = { manager: {} } as unknown as DataSource;
  const statements = new NamedStatements(dataSource, { embedded: true });
  return {
    tasks: new TaskRepository(dataSource, tenants as unknown as TenantScope, statements),
    tree: new TaskTreeRepository(dataSource, tenants as unknown as TenantScope, statements),
    createQueryBuilder,
  };
}

describe('TaskRepository.counts', () => {
  it('counts one team, closed tasks never overdue, and reads the row per status', async () => {
    const { qb, wheres, calls } = queryBuilder({
      raw: { total: 7, overdue: 2, status_TODO: 4, status_DONE: 3 },
    });
    const { tasks } = setup(qb);
    expect(await tasks.counts(ORG, id(5))).toEqual({
      total: 7,
      overdue: 2,
      byStatus: { TODO: 4, DONE: 3 },
    });
    expect(wheres()).toEqual([['task.teamId = :teamId', { teamId: id(5) }]]);
    // Closed tasks are not overdue.
    expect(calls).toContainEqual([
      'setParameter',
      'closed',
      [TaskStatus.DONE, TaskStatus.CANCELLED],
    ]);
  });

  it('counts the whole organization without a team, and survives an empty answer', async () => {
    const { qb, wheres } = queryBuilder({ raw: undefined });
    const { tasks } = setup(qb);
    expect(await tasks.counts(ORG, null)).toEqual({
      total: undefined,
      overdue: undefined,
      byStatus: {},
    });
    expect(wheres()).toEqual([]);
  });
});

describe('TaskTreeRepository.descendants', () => {
  it('asks nothing for no roots', async () => {
    const { qb } = queryBuilder();
    const { tree, createQueryBuilder } = setup(qb);
    expect(await tree.descendants(ORG, [])).toEqual([]);
    expect(createQueryBuilder).not.toHaveBeenCalled();
  });

  it('pairs raw rows with entities by id (a task under two roots is one entity), depth as a number', async () => {
    const task = (n: number, status = TaskStatus.TODO) => ({ id: id(n), status }) as Task;
    const entities = [task(2, TaskStatus.DONE), task(4)];
    const row = (root: number, n: number, depth: number) => ({
      task_id: id(n),
      tree_root_id: id(root),
      tree_depth: String(depth), // PostgreSQL's int may come back as a string
    });
    const { qb, calls } = queryBuilder({
      entities,
      rawRows: [row(1, 2, 1), row(2, 4, 1), row(1, 4, 2), row(1, 9, 1)],
    });
    const { tree } = setup(qb);
    expect(await tree.descendants(ORG, [id(1), id(2)])).toEqual([
      { rootId: id(1), depth: 1, task: entities[0] },
      { rootId: id(2), depth: 1, task: entities[1] },
      { rootId: id(1), depth: 2, task: entities[1] },
    ]);
    expect(calls).toContainEqual(['setParameters', { organizationId: ORG, roots: [id(1), id(2)] }]);
  });
});
