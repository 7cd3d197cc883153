import { AgentRun } from './agent-run.entity';
import { AssistantConfirmation } from './assistant-confirmation.entity';
import { AssistantConversation } from './assistant-conversation.entity';

export const ASSISTANT_ENTITIES = [AssistantConversation, AssistantConfirmation, AgentRun];
