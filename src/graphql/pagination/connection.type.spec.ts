import { Test } from '@nestjs/testing';
import {
  Args,
  Field,
  GraphQLSchemaBuilderModule,
  GraphQLSchemaFactory,
  ID,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { printType } from 'graphql';
import { ConnectionArgs } from './connection.args';
import { Connection } from './connection.type';

@ObjectType('Task')
class Task {
  @Field(() => ID)
  id: string;
}

@ObjectType('TaskConnection')
class TaskConnection extends Connection(Task, 'Task') {}

@Resolver()
class TasksResolver {
  @Query(() => TaskConnection)
  tasks(@Args() _args: ConnectionArgs): TaskConnection {
    throw new Error('not called');
  }
}

const oneLine = (sdl: string) => sdl.replace(/\s+/g, ' ');

describe('Connection', () => {
  it('produces the contract types for edges, connection, page info and arguments', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [GraphQLSchemaBuilderModule],
    }).compile();
    const schema = await moduleRef.get(GraphQLSchemaFactory).create([TasksResolver]);
    const type = (name: string) => oneLine(printType(schema.getType(name)!));

    expect(type('TaskEdge')).toBe('type TaskEdge { cursor: String! node: Task! }');
    expect(type('TaskConnection')).toBe(
      'type TaskConnection { edges: [TaskEdge!]! nodes: [Task!]! pageInfo: PageInfo! totalCount: Int! }',
    );
    expect(type('PageInfo')).toBe(
      'type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }',
    );
    const args = schema
      .getQueryType()!
      .getFields()
      .tasks.args.map((arg) => `${arg.name}: ${String(arg.type)}`);
    expect(args).toEqual(['first: Int', 'after: String', 'last: Int', 'before: String']);
  });
});
