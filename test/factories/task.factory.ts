import { Endpoint, gqlOk } from './identity.factory';

export const TASK_FIELDS = `id title description status priority dueAt completedAt labels position source
  createdAt updatedAt assignee { id } creator { id } team { id } parent { id }`;

export const CREATE_TASK = `mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
export const UPDATE_TASK = `mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${TASK_FIELDS} } }`;
export const MOVE_TASK = `mutation MoveTask($id: ID!, $input: MoveTaskInput!) { moveTask(id: $id, input: $input) { ${TASK_FIELDS} } }`;
export const DELETE_TASK = 'mutation DeleteTask($id: ID!) { deleteTask(id: $id) }';
export const ADD_TASK_COMMENT = `mutation AddComment($taskId: ID!, $body: String!) {
  addTaskComment(taskId: $taskId, body: $body) { id body createdAt author { id } } }`;
export const TASK = `query Task($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`;
export const TASKS = `query Tasks($filter: TaskFilter, $orderBy: TaskOrder, $first: Int, $after: String, $last: Int, $before: String) {
  tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id title } }
    nodes { id title status priority dueAt position createdAt updatedAt labels }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } }`;

export interface CreatedTask {
  id: string;
  title: string;
  status: string;
  priority: string;
  position: number;
  source: string;
  completedAt: string | null;
  [field: string]: unknown;
}

/** Creates a task through GraphQL as the holder of `token` (an access token or API key secret). */
export async function createTask(
  api: Endpoint,
  token: string,
  input: Record<string, unknown> = {},
): Promise<CreatedTask> {
  const data = await gqlOk<{ createTask: CreatedTask }>(
    api,
    CREATE_TASK,
    { input: { title: `Task ${Math.random().toString(36).slice(2, 8)}`, ...input } },
    token,
  );
  return data.createTask;
}
