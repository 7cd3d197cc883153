import { ObjectType } from '@nestjs/graphql';
import { Connection } from '@/graphql/pagination';
import { AgentRun } from './agent-run.entity';

@ObjectType('AgentRunConnection')
export class AgentRunConnection extends Connection(AgentRun, 'AgentRun') {}
