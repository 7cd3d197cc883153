import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from './gql';
import type { TaskCardFragment, TaskStatus } from './gql/graphql';
import { upsert, useConnectionEpoch, useLive } from './live';

graphql(`
  fragment TaskCard on Task {
    id
    title
    status
    priority
    dueAt
    assignee {
      id
      name
    }
    parent {
      id
      title
    }
    team {
      id
      name
    }
  }
`);

const BoardTasks = graphql(`
  query BoardTasks {
    tasks(first: 100) {
      nodes {
        ...TaskCard
      }
    }
  }
`);

const TaskChanged = graphql(`
  subscription BoardTaskChanged {
    taskChanged {
      kind
      task {
        ...TaskCard
      }
    }
  }
`);

const SetTaskStatus = graphql(`
  mutation SetTaskStatus($id: ID!, $status: TaskStatus!) {
    updateTask(id: $id, input: { status: $status }) {
      ...TaskCard
    }
  }
`);

const COLUMNS: TaskStatus[] = ['TODO', 'IN_PROGRESS', 'BLOCKED', 'DONE'];
const LABELS: Record<TaskStatus, string> = {
  TODO: 'To do',
  IN_PROGRESS: 'In progress',
  BLOCKED: 'Blocked',
  DONE: 'Done',
  CANCELLED: 'Cancelled',
};

/** The organization's tasks by status; `taskChanged` moves, adds and removes cards live. */
export function TaskBoard() {
  const epoch = useConnectionEpoch();
  const [{ data, error }, reload] = useQuery({ query: BoardTasks });
  const [tasks, setTasks] = useState<TaskCardFragment[]>([]);
  const [, setStatus] = useMutation(SetTaskStatus);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (data) setTasks(data.tasks.nodes);
  }, [data]);
  useEffect(() => {
    if (epoch > 1) reload();
  }, [epoch, reload]);
  useLive(TaskChanged, {}, ({ taskChanged }) =>
    setTasks((current) =>
      taskChanged.kind === 'DELETED'
        ? current.filter((task) => task.id !== taskChanged.task.id)
        : upsert(current, taskChanged.task),
    ),
  );

  const change = async (task: TaskCardFragment, status: TaskStatus) => {
    setFailure(null);
    const result = await setStatus({ id: task.id, status });
    if (result.error) setFailure(result.error.graphQLErrors[0]?.message ?? result.error.message);
  };

  if (error) return <p className="error">{error.message}</p>;
  return (
    <section>
      {failure && <p className="error">{failure}</p>}
      <div className="board">
        {COLUMNS.map((column) => (
          <div key={column} className="column" data-testid={`column-${column}`}>
            <h2>{LABELS[column]}</h2>
            {tasks
              .filter((task) => task.status === column)
              .map((task) => (
                <article key={task.id} className="card" data-testid={`task-${task.id}`}>
                  <strong>{task.title}</strong>
                  {task.parent && <div className="muted">in {task.parent.title}</div>}
                  <div className="muted">
                    {task.priority.toLowerCase()}
                    {task.team && ` · ${task.team.name}`}
                    {task.assignee && ` · ${task.assignee.name}`}
                    {task.dueAt && ` · due ${new Date(task.dueAt).toLocaleDateString()}`}
                  </div>
                  <select
                    aria-label={`Status of ${task.title}`}
                    value={task.status}
                    onChange={(event) => void change(task, event.target.value as TaskStatus)}
                  >
                    {COLUMNS.map((status) => (
                      <option key={status} value={status}>
                        {LABELS[status]}
                      </option>
                    ))}
                  </select>
                </article>
              ))}
          </div>
        ))}
      </div>
    </section>
  );
}
