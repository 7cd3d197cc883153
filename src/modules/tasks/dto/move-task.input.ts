import { InputType } from '@nestjs/graphql';
import { OptionalId } from '@/common/validation/optional-id.decorator';

@InputType('MoveTaskInput')
export class MoveTaskInput {
  @OptionalId('The new parent; null makes it a top-level task; left out keeps the current parent.')
  parentId?: string | null;

  @OptionalId('The sibling to place it right after; null or left out places it first.')
  afterTaskId?: string | null;
}
