import type { Viewer } from '@/access/viewer';
import { TaskSource } from './task.enums';

/**
 * The channel a new task came in through, from the caller's viewer: the
 * assistant's text doors (askAssistant, MCP, SMS) say ASSISTANT, a phone call
 * says VOICE; an automation run says AUTOMATION; otherwise an API key says
 * API and a person WEB.
 */
export function taskSourceFor(
  viewer: Pick<Viewer, 'kind' | 'channel' | 'automationOrigin'>,
): TaskSource {
  if (viewer.automationOrigin) return TaskSource.AUTOMATION;
  switch (viewer.channel) {
    case 'assistant':
    case 'mcp':
    case 'sms':
      return TaskSource.ASSISTANT;
    case 'voice':
      return TaskSource.VOICE;
    case undefined:
      return viewer.kind === 'api-key' ? TaskSource.API : TaskSource.WEB;
  }
}
