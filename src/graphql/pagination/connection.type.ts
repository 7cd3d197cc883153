import { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from './page-info.type';

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What `paginate` and `connectionFromArray` return, and what a connection type holds. */
export interface ConnectionResult<T> {
  edges: Edge<T>[];
  /** The edges' nodes, for clients that do not need cursors. */
  nodes: T[];
  pageInfo: PageInfo;
  /**
   * Items matching the filters, across all pages. `paginate` gives a lazy
   * thenable: GraphQL awaits it only when a client asks for the field, so a
   * page without `totalCount` costs no COUNT query.
   */
  totalCount: number | PromiseLike<number>;
}

/**
 * Base class for a Relay connection type: it defines the `<name>Edge` type and
 * the connection's fields, and the subclass gives the connection its name:
 *
 *   @ObjectType('TaskConnection')
 *   export class TaskConnection extends Connection(Task, 'Task') {}
 */
export function Connection<T>(
  classRef: Type<T>,
  name: string,
): abstract new () => ConnectionResult<T> {
  @ObjectType(`${name}Edge`)
  abstract class EdgeType implements Edge<T> {
    @Field()
    cursor: string;

    @Field(() => classRef)
    node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType implements ConnectionResult<T> {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => [classRef])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number | PromiseLike<number>;
  }

  return ConnectionType;
}
