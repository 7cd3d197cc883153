import { ObjectType } from '@nestjs/graphql';
import { Connection } from '@/graphql/pagination';
import { Call } from './call.entity';

@ObjectType('CallConnection')
export class CallConnection extends Connection(Call, 'Call') {}
