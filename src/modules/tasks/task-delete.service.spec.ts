import { NotFoundError } from '@/common/errors/domain-errors';
import { ChangeKind } from './task.enums';
import { TEAM_A, TEAM_B, id, userViewer, makeTask, setup } from './task-commands.spec-fixtures';

describe('TaskDeleteService.delete', () => {
  it('deletes the subtree, audits once, and publishes DELETED for every task', async () => {
    const { service, world, audits, events } = setup();
    world.add(
      makeTask(1, { teamId: TEAM_A }),
      makeTask(2, { parentId: id(1), teamId: TEAM_B }),
      makeTask(3, { parentId: id(2) }),
      makeTask(4),
    );
    expect(await service.delete(userViewer, id(1))).toBe(true);
    expect([...world.rows.keys()]).toEqual([id(4)]);
    expect(audits()).toEqual([
      {
        action: 'task.deleted',
        entityType: 'Task',
        entityId: id(1),
        before: expect.objectContaining({ title: 'Task 1', teamId: TEAM_A }),
        after: { deleted: true, subtasksDeleted: 2 },
      },
    ]);
    expect(events()).toEqual([
      { kind: ChangeKind.DELETED, taskId: id(1), teamId: TEAM_A, previousTeamId: TEAM_A },
      { kind: ChangeKind.DELETED, taskId: id(2), teamId: TEAM_B, previousTeamId: TEAM_B },
      { kind: ChangeKind.DELETED, taskId: id(3), teamId: null, previousTeamId: null },
    ]);
  });

  it('answers NOT_FOUND for an unknown task and deletes nothing', async () => {
    const { service, world, outbox } = setup();
    await expect(service.delete(userViewer, id(5))).rejects.toBeInstanceOf(NotFoundError);
    expect(world.calls.includes('softDeleteSubtree')).toBe(false);
    expect(outbox.publish).not.toHaveBeenCalled();
  });
});
