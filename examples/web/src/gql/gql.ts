/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ScoreDetails on CallScore {\n    id\n    overall\n    scorer\n    scorecardVersion\n    criteria {\n      key\n      score\n      passed\n      evidence\n      rationale\n    }\n  }\n": typeof types.ScoreDetailsFragmentDoc,
    "\n  fragment CallCard on Call {\n    id\n    from\n    to\n    status\n    scoreStatus\n    createdAt\n    agent {\n      id\n      name\n    }\n    campaign {\n      id\n      name\n    }\n    score {\n      ...ScoreDetails\n    }\n  }\n": typeof types.CallCardFragmentDoc,
    "\n  query BoardCalls {\n    calls(first: 50) {\n      nodes {\n        ...CallCard\n      }\n    }\n  }\n": typeof types.BoardCallsDocument,
    "\n  subscription BoardCallUpdated {\n    callUpdated {\n      ...CallCard\n    }\n  }\n": typeof types.BoardCallUpdatedDocument,
    "\n  subscription BoardCallScored {\n    callScored {\n      ...ScoreDetails\n      call {\n        ...CallCard\n      }\n    }\n  }\n": typeof types.BoardCallScoredDocument,
    "\n  fragment VehicleRow on Vehicle {\n    id\n    name\n    licensePlate\n    speedLimitKph\n    driver {\n      id\n      name\n    }\n    lastPosition {\n      at\n      lat\n      lng\n      speedKph\n      heading\n    }\n  }\n": typeof types.VehicleRowFragmentDoc,
    "\n  fragment AlertRow on FleetAlert {\n    id\n    kind\n    severity\n    message\n    at\n    vehicle {\n      id\n      name\n    }\n  }\n": typeof types.AlertRowFragmentDoc,
    "\n  query FleetBoard {\n    vehicles {\n      ...VehicleRow\n    }\n    fleetAlerts(first: 20) {\n      nodes {\n        ...AlertRow\n      }\n    }\n  }\n": typeof types.FleetBoardDocument,
    "\n  subscription FleetPositions {\n    vehiclePositions {\n      vehicle {\n        id\n      }\n      position {\n        at\n        lat\n        lng\n        speedKph\n        heading\n      }\n    }\n  }\n": typeof types.FleetPositionsDocument,
    "\n  subscription FleetAlertRaised {\n    fleetAlertRaised {\n      ...AlertRow\n    }\n  }\n": typeof types.FleetAlertRaisedDocument,
    "\n  fragment TaskCard on Task {\n    id\n    title\n    status\n    priority\n    dueAt\n    assignee {\n      id\n      name\n    }\n    parent {\n      id\n      title\n    }\n    team {\n      id\n      name\n    }\n  }\n": typeof types.TaskCardFragmentDoc,
    "\n  query BoardTasks {\n    tasks(first: 100) {\n      nodes {\n        ...TaskCard\n      }\n    }\n  }\n": typeof types.BoardTasksDocument,
    "\n  subscription BoardTaskChanged {\n    taskChanged {\n      kind\n      task {\n        ...TaskCard\n      }\n    }\n  }\n": typeof types.BoardTaskChangedDocument,
    "\n  mutation SetTaskStatus($id: ID!, $status: TaskStatus!) {\n    updateTask(id: $id, input: { status: $status }) {\n      ...TaskCard\n    }\n  }\n": typeof types.SetTaskStatusDocument,
    "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    accessTokenExpiresAt\n    role\n    user {\n      id\n      name\n      email\n    }\n    organization {\n      id\n      name\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
};
const documents: Documents = {
    "\n  fragment ScoreDetails on CallScore {\n    id\n    overall\n    scorer\n    scorecardVersion\n    criteria {\n      key\n      score\n      passed\n      evidence\n      rationale\n    }\n  }\n": types.ScoreDetailsFragmentDoc,
    "\n  fragment CallCard on Call {\n    id\n    from\n    to\n    status\n    scoreStatus\n    createdAt\n    agent {\n      id\n      name\n    }\n    campaign {\n      id\n      name\n    }\n    score {\n      ...ScoreDetails\n    }\n  }\n": types.CallCardFragmentDoc,
    "\n  query BoardCalls {\n    calls(first: 50) {\n      nodes {\n        ...CallCard\n      }\n    }\n  }\n": types.BoardCallsDocument,
    "\n  subscription BoardCallUpdated {\n    callUpdated {\n      ...CallCard\n    }\n  }\n": types.BoardCallUpdatedDocument,
    "\n  subscription BoardCallScored {\n    callScored {\n      ...ScoreDetails\n      call {\n        ...CallCard\n      }\n    }\n  }\n": types.BoardCallScoredDocument,
    "\n  fragment VehicleRow on Vehicle {\n    id\n    name\n    licensePlate\n    speedLimitKph\n    driver {\n      id\n      name\n    }\n    lastPosition {\n      at\n      lat\n      lng\n      speedKph\n      heading\n    }\n  }\n": types.VehicleRowFragmentDoc,
    "\n  fragment AlertRow on FleetAlert {\n    id\n    kind\n    severity\n    message\n    at\n    vehicle {\n      id\n      name\n    }\n  }\n": types.AlertRowFragmentDoc,
    "\n  query FleetBoard {\n    vehicles {\n      ...VehicleRow\n    }\n    fleetAlerts(first: 20) {\n      nodes {\n        ...AlertRow\n      }\n    }\n  }\n": types.FleetBoardDocument,
    "\n  subscription FleetPositions {\n    vehiclePositions {\n      vehicle {\n        id\n      }\n      position {\n        at\n        lat\n        lng\n        speedKph\n        heading\n      }\n    }\n  }\n": types.FleetPositionsDocument,
    "\n  subscription FleetAlertRaised {\n    fleetAlertRaised {\n      ...AlertRow\n    }\n  }\n": types.FleetAlertRaisedDocument,
    "\n  fragment TaskCard on Task {\n    id\n    title\n    status\n    priority\n    dueAt\n    assignee {\n      id\n      name\n    }\n    parent {\n      id\n      title\n    }\n    team {\n      id\n      name\n    }\n  }\n": types.TaskCardFragmentDoc,
    "\n  query BoardTasks {\n    tasks(first: 100) {\n      nodes {\n        ...TaskCard\n      }\n    }\n  }\n": types.BoardTasksDocument,
    "\n  subscription BoardTaskChanged {\n    taskChanged {\n      kind\n      task {\n        ...TaskCard\n      }\n    }\n  }\n": types.BoardTaskChangedDocument,
    "\n  mutation SetTaskStatus($id: ID!, $status: TaskStatus!) {\n    updateTask(id: $id, input: { status: $status }) {\n      ...TaskCard\n    }\n  }\n": types.SetTaskStatusDocument,
    "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.SignInDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": types.RefreshDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    accessTokenExpiresAt\n    role\n    user {\n      id\n      name\n      email\n    }\n    organization {\n      id\n      name\n    }\n  }\n": types.SessionFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScoreDetails on CallScore {\n    id\n    overall\n    scorer\n    scorecardVersion\n    criteria {\n      key\n      score\n      passed\n      evidence\n      rationale\n    }\n  }\n"): (typeof documents)["\n  fragment ScoreDetails on CallScore {\n    id\n    overall\n    scorer\n    scorecardVersion\n    criteria {\n      key\n      score\n      passed\n      evidence\n      rationale\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CallCard on Call {\n    id\n    from\n    to\n    status\n    scoreStatus\n    createdAt\n    agent {\n      id\n      name\n    }\n    campaign {\n      id\n      name\n    }\n    score {\n      ...ScoreDetails\n    }\n  }\n"): (typeof documents)["\n  fragment CallCard on Call {\n    id\n    from\n    to\n    status\n    scoreStatus\n    createdAt\n    agent {\n      id\n      name\n    }\n    campaign {\n      id\n      name\n    }\n    score {\n      ...ScoreDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardCalls {\n    calls(first: 50) {\n      nodes {\n        ...CallCard\n      }\n    }\n  }\n"): (typeof documents)["\n  query BoardCalls {\n    calls(first: 50) {\n      nodes {\n        ...CallCard\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BoardCallUpdated {\n    callUpdated {\n      ...CallCard\n    }\n  }\n"): (typeof documents)["\n  subscription BoardCallUpdated {\n    callUpdated {\n      ...CallCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BoardCallScored {\n    callScored {\n      ...ScoreDetails\n      call {\n        ...CallCard\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription BoardCallScored {\n    callScored {\n      ...ScoreDetails\n      call {\n        ...CallCard\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VehicleRow on Vehicle {\n    id\n    name\n    licensePlate\n    speedLimitKph\n    driver {\n      id\n      name\n    }\n    lastPosition {\n      at\n      lat\n      lng\n      speedKph\n      heading\n    }\n  }\n"): (typeof documents)["\n  fragment VehicleRow on Vehicle {\n    id\n    name\n    licensePlate\n    speedLimitKph\n    driver {\n      id\n      name\n    }\n    lastPosition {\n      at\n      lat\n      lng\n      speedKph\n      heading\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AlertRow on FleetAlert {\n    id\n    kind\n    severity\n    message\n    at\n    vehicle {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment AlertRow on FleetAlert {\n    id\n    kind\n    severity\n    message\n    at\n    vehicle {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FleetBoard {\n    vehicles {\n      ...VehicleRow\n    }\n    fleetAlerts(first: 20) {\n      nodes {\n        ...AlertRow\n      }\n    }\n  }\n"): (typeof documents)["\n  query FleetBoard {\n    vehicles {\n      ...VehicleRow\n    }\n    fleetAlerts(first: 20) {\n      nodes {\n        ...AlertRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FleetPositions {\n    vehiclePositions {\n      vehicle {\n        id\n      }\n      position {\n        at\n        lat\n        lng\n        speedKph\n        heading\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription FleetPositions {\n    vehiclePositions {\n      vehicle {\n        id\n      }\n      position {\n        at\n        lat\n        lng\n        speedKph\n        heading\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FleetAlertRaised {\n    fleetAlertRaised {\n      ...AlertRow\n    }\n  }\n"): (typeof documents)["\n  subscription FleetAlertRaised {\n    fleetAlertRaised {\n      ...AlertRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskCard on Task {\n    id\n    title\n    status\n    priority\n    dueAt\n    assignee {\n      id\n      name\n    }\n    parent {\n      id\n      title\n    }\n    team {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment TaskCard on Task {\n    id\n    title\n    status\n    priority\n    dueAt\n    assignee {\n      id\n      name\n    }\n    parent {\n      id\n      title\n    }\n    team {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardTasks {\n    tasks(first: 100) {\n      nodes {\n        ...TaskCard\n      }\n    }\n  }\n"): (typeof documents)["\n  query BoardTasks {\n    tasks(first: 100) {\n      nodes {\n        ...TaskCard\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BoardTaskChanged {\n    taskChanged {\n      kind\n      task {\n        ...TaskCard\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription BoardTaskChanged {\n    taskChanged {\n      kind\n      task {\n        ...TaskCard\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTaskStatus($id: ID!, $status: TaskStatus!) {\n    updateTask(id: $id, input: { status: $status }) {\n      ...TaskCard\n    }\n  }\n"): (typeof documents)["\n  mutation SetTaskStatus($id: ID!, $status: TaskStatus!) {\n    updateTask(id: $id, input: { status: $status }) {\n      ...TaskCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation Refresh($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    accessTokenExpiresAt\n    role\n    user {\n      id\n      name\n      email\n    }\n    organization {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    accessTokenExpiresAt\n    role\n    user {\n      id\n      name\n      email\n    }\n    organization {\n      id\n      name\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;