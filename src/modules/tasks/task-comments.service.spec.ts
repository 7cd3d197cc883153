import { NotFoundError } from '@/common/errors/domain-errors';
import { ChangeKind } from './task.enums';
import {
  ORG,
  TEAM_A,
  id,
  userViewer,
  keyViewer,
  makeTask,
  setup,
} from './task-commands.spec-fixtures';

describe('TaskCommentsService.addComment', () => {
  it('stores the comment by its author, audits it and announces the task as updated', async () => {
    const { service, world, audits, events } = setup();
    world.add(makeTask(1, { teamId: TEAM_A }));
    const comment = await service.addComment(keyViewer, id(1), 'Called, no answer');
    expect(comment).toMatchObject({
      taskId: id(1),
      authorId: null,
      authorApiKeyId: 'k1',
      body: 'Called, no answer',
      organizationId: ORG,
    });
    expect(audits()).toEqual([
      {
        action: 'task.comment_added',
        entityType: 'Task',
        entityId: id(1),
        after: { commentId: comment.id },
      },
    ]);
    expect(events()).toEqual([
      { kind: ChangeKind.UPDATED, taskId: id(1), teamId: TEAM_A, previousTeamId: TEAM_A },
    ]);
  });

  it('refuses a comment on an unknown task', async () => {
    const { service, world } = setup();
    await expect(service.addComment(userViewer, id(1), 'x')).rejects.toBeInstanceOf(NotFoundError);
    expect(world.comments).toEqual([]);
  });
});
