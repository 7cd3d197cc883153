import { taskSourceFor } from './task-source';
import { TaskSource } from './task.enums';

describe('taskSourceFor', () => {
  it('says ASSISTANT for the assistant, MCP and SMS, whoever the caller is', () => {
    for (const channel of ['assistant', 'mcp', 'sms'] as const) {
      expect(taskSourceFor({ kind: 'user', channel })).toBe(TaskSource.ASSISTANT);
      expect(taskSourceFor({ kind: 'api-key', channel })).toBe(TaskSource.ASSISTANT);
    }
  });

  it('says VOICE for a phone call', () => {
    expect(taskSourceFor({ kind: 'user', channel: 'voice' })).toBe(TaskSource.VOICE);
  });

  it('without a channel: WEB for a person, API for an API key', () => {
    expect(taskSourceFor({ kind: 'user' })).toBe(TaskSource.WEB);
    expect(taskSourceFor({ kind: 'api-key' })).toBe(TaskSource.API);
    expect(taskSourceFor({ kind: 'user', channel: undefined })).toBe(TaskSource.WEB);
  });
});
