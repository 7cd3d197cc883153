import { MIN_POSITION_GAP, POSITION_STEP, TASK_MAX_DEPTH } from './task-types';
import { ChangeKind } from './task.enums';
import {
  ORG,
  TEAM_A,
  id,
  userViewer,
  makeTask,
  setup,
  badInput,
  chain,
} from './task-commands.spec-fixtures';

describe('TaskMoveService.move', () => {
  it('serialises moves per organization with an advisory lock taken first', async () => {
    const { service, world } = setup();
    world.add(makeTask(1), makeTask(2));
    await service.move(userViewer, id(1), { afterTaskId: id(2) });
    expect(world.calls[0]).toBe('lockTree');
    expect(world.tree.lockTree).toHaveBeenCalledWith(world.manager, ORG);
    // Before any row lock.
    expect(world.tree.lockTree.mock.invocationCallOrder[0]).toBeLessThan(
      world.tasks.get.mock.invocationCallOrder[0],
    );
  });

  it('puts a task first (midway to the first sibling) when no afterTaskId is given', async () => {
    const { service, world } = setup();
    world.add(makeTask(1, { position: 1000 }), makeTask(2, { position: 3000 }), makeTask(3));
    const moved = await service.move(userViewer, id(3), {});
    expect(moved.position).toBe(500);
  });

  it('puts a task midway between afterTask and its next sibling, or a step after the last', async () => {
    const { service, world } = setup();
    world.add(
      makeTask(1, { position: 1000 }),
      makeTask(2, { position: 2000 }),
      makeTask(3, { position: 3000 }),
    );
    expect((await service.move(userViewer, id(3), { afterTaskId: id(1) })).position).toBe(1500);
    expect((await service.move(userViewer, id(1), { afterTaskId: id(2) })).position).toBe(
      2000 + POSITION_STEP,
    );
  });

  it('reparents, and moves to the top level with parentId null', async () => {
    const { service, world } = setup();
    world.add(makeTask(1), makeTask(2), makeTask(3, { parentId: id(1) }));
    const under = await service.move(userViewer, id(2), { parentId: id(1), afterTaskId: id(3) });
    expect(under.parentId).toBe(id(1));
    expect(under.position).toBe(world.rows.get(id(3))!.position + POSITION_STEP);
    // parentId left out: stays under its parent.
    expect((await service.move(userViewer, id(2), {})).parentId).toBe(id(1));
    expect((await service.move(userViewer, id(2), { parentId: null })).parentId).toBeNull();
  });

  it('refuses an unknown parent', async () => {
    const { service, world } = setup();
    world.add(makeTask(1));
    expect(
      await badInput(service.move(userViewer, id(1), { parentId: id(9) }), 'input.parentId'),
    ).toBe('no such task');
  });

  it('refuses to move a task under itself or one of its descendants', async () => {
    const { service, world } = setup();
    world.add(makeTask(1), makeTask(2, { parentId: id(1) }), makeTask(3, { parentId: id(2) }));
    for (const parentId of [id(1), id(3)]) {
      const message = await badInput(
        service.move(userViewer, id(1), { parentId }),
        'input.parentId',
      );
      expect(message).toBe('a task cannot be moved under itself or its subtasks');
    }
    expect(world.tree.writeBack).not.toHaveBeenCalled();
  });

  it('counts the moved subtree’s height against the depth limit', async () => {
    const { service, world } = setup();
    const deep = chain(world, 1, TASK_MAX_DEPTH - 2); // depth 30
    world.add(makeTask(100), makeTask(101)); // 101: height 1
    const ok = await service.move(userViewer, id(101), { parentId: deep.id });
    expect(ok.parentId).toBe(deep.id); // 30 + 1 = 31
    world.rows.get(id(101))!.parentId = id(100);
    world.add(makeTask(102, { parentId: id(101) })); // now height 3 below id(100)
    await service.move(userViewer, id(100), { parentId: world.rows.get(deep.parentId!)!.id }); // 29 + 3 = 32
    const message = await badInput(
      service.move(userViewer, id(100), { parentId: deep.id }), // 30 + 3 = 33
      'input.parentId',
    );
    expect(message).toContain(`${TASK_MAX_DEPTH} levels`);
  });

  it('refuses to put a task after itself or after a task of another list', async () => {
    const { service, world } = setup();
    world.add(makeTask(1), makeTask(2), makeTask(3, { parentId: id(2) }));
    expect(
      await badInput(service.move(userViewer, id(1), { afterTaskId: id(1) }), 'input.afterTaskId'),
    ).toBe('a task cannot follow itself');
    expect(
      await badInput(service.move(userViewer, id(1), { afterTaskId: id(3) }), 'input.afterTaskId'),
    ).toBe('not a task of the target list');
    expect(
      await badInput(service.move(userViewer, id(1), { afterTaskId: id(9) }), 'input.afterTaskId'),
    ).toBe('not a task of the target list');
  });

  it('renumbers the list when the gap is exhausted, then takes the midpoint', async () => {
    const { service, world } = setup();
    world.add(
      makeTask(1, { position: 1 }),
      makeTask(2, { position: 1 + MIN_POSITION_GAP / 10 }),
      makeTask(3, { position: 50 }),
    );
    const moved = await service.move(userViewer, id(3), { afterTaskId: id(1) });
    expect(world.calls.includes('renumber')).toBe(true);
    expect(world.rows.get(id(1))!.position).toBe(POSITION_STEP);
    expect(world.rows.get(id(2))!.position).toBe(2 * POSITION_STEP);
    expect(moved.position).toBe(1.5 * POSITION_STEP);
  });

  it('does not renumber while the gap is still wide enough', async () => {
    const { service, world } = setup();
    world.add(makeTask(1, { position: 1 }), makeTask(2, { position: 1 + 4 * MIN_POSITION_GAP }));
    world.add(makeTask(3, { position: 50 }));
    const moved = await service.move(userViewer, id(3), { afterTaskId: id(1) });
    expect(world.calls.includes('renumber')).toBe(false);
    expect(moved.position).toBeGreaterThan(1);
    expect(moved.position).toBeLessThan(1 + 4 * MIN_POSITION_GAP);
  });

  it('audits the move with the old and new place', async () => {
    const { service, world, audits, events } = setup();
    world.add(makeTask(1, { teamId: TEAM_A }), makeTask(2));
    await service.move(userViewer, id(1), { parentId: id(2) });
    const [entry] = audits();
    expect(entry.action).toBe('task.moved');
    expect(entry.before).toMatchObject({ parentId: null, position: 1024 });
    expect(entry.after).toMatchObject({ parentId: id(2), position: POSITION_STEP });
    expect(events()).toEqual([
      { kind: ChangeKind.UPDATED, taskId: id(1), teamId: TEAM_A, previousTeamId: TEAM_A },
    ]);
  });
});
